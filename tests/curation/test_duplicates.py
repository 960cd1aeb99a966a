"""Duplicate review: groups found by the command, decided by editors in the admin."""

import hashlib
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import DuplicateGroup, Statement
from statements.text.normalize import text_fingerprint
from tests import factories as make

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
WORDS = (
    "minister lavrov held talks with his serbian counterpart in moscow on tuesday the sides "
    "discussed bilateral cooperation in energy trade and culture as well as the situation in "
    "the balkans and around kosovo they reaffirmed their commitment to the principles of the "
    "united nations charter and agreed to continue regular consultations between the two "
    "ministries at every level including the deputy ministers and the heads of departments"
)
OTHER_WORDS = (
    "the embassy informs citizens travelling abroad that consular services will be closed "
    "during the holidays urgent requests concerning passports visas and certificates may be "
    "sent by email and will be answered within three working days please check the schedule "
    "of the consulate before your visit and bring all the documents listed on our website"
)


def post(source, text, when=START, title="", **fields):
    return make.statement(
        source,
        title,
        text=text,
        published_at=when,
        content_hash=hashlib.sha256(f"{source.pk}{title}{text}{when}".encode()).hexdigest(),
        text_fingerprint=text_fingerprint(title, text),
        **fields,
    )


def one_word_changed(text: str) -> str:
    words = text.split()
    words[20] = "intensively"
    return " ".join(words)


def find(*args) -> str:
    out = StringIO()
    call_command("find_duplicates", *args, stdout=out)
    return out.getvalue()


def found(client, query: str) -> list[int]:
    """The statements the public search lists."""
    return [s.pk for s in client.get("/statements/", {"q": query}).context["page"].object_list]


def members(group) -> set[int]:
    return set(group.members.values_list("pk", flat=True))


@pytest.fixture
def sources(db):
    return (
        make.source("MFA Russia", slug="mfa"),
        make.source("Embassy"),
    )


def test_it_groups_the_same_words_across_sources_and_within_one(sources):
    mfa, embassy = sources
    first = post(mfa, WORDS)
    copy = post(embassy, WORDS.upper(), START + timedelta(hours=1), duplicate_of=first)
    weeks_later = post(mfa, WORDS + "!", START + timedelta(days=40))
    post(mfa, OTHER_WORDS)

    assert "new groups: 1 exact, 0 near" in find()

    group = DuplicateGroup.objects.get()
    assert members(group) == {first.pk, copy.pk, weeks_later.pk}
    assert (group.exact, group.similarity, group.status) == (True, 1.0, "pending")
    assert group.key == ",".join(str(pk) for pk in sorted(members(group)))


def test_it_groups_near_duplicates_but_not_unrelated_texts(sources):
    mfa, embassy = sources
    first = post(mfa, WORDS)
    changed = post(embassy, one_word_changed(WORDS), START + timedelta(days=1))
    post(embassy, OTHER_WORDS, START + timedelta(hours=2))
    post(mfa, " ".join(WORDS.split()[:20]), START)  # too short to compare

    assert "new groups: 0 exact, 1 near" in find()

    group = DuplicateGroup.objects.get()
    assert members(group) == {first.pk, changed.pk}
    assert not group.exact
    assert 0.8 <= group.similarity < 1


def test_near_duplicates_further_apart_than_days_are_not_grouped(sources):
    mfa, embassy = sources
    post(mfa, WORDS)
    post(embassy, one_word_changed(WORDS), START + timedelta(days=5))

    find("--days", "3")
    assert not DuplicateGroup.objects.exists()

    find("--days", "7")
    assert DuplicateGroup.objects.count() == 1


def test_a_higher_threshold_leaves_near_duplicates_out(sources):
    mfa, embassy = sources
    post(mfa, WORDS)
    post(embassy, one_word_changed(WORDS), START + timedelta(days=1))

    find("--threshold", "0.99")
    assert not DuplicateGroup.objects.exists()


def test_since_looks_only_at_statements_from_that_day(sources):
    mfa, embassy = sources
    post(mfa, WORDS)
    post(embassy, WORDS, START + timedelta(hours=1))

    find("--since", "2024-04-01")
    assert not DuplicateGroup.objects.exists()

    find("--since", "2024-03-01")
    assert DuplicateGroup.objects.count() == 1


def test_a_bad_since_or_threshold_is_refused(db):
    with pytest.raises(CommandError, match="not a date"):
        find("--since", "yesterday")
    with pytest.raises(CommandError, match="threshold"):
        find("--threshold", "2")


def test_running_again_creates_nothing_and_keeps_decisions(sources, editor):
    mfa, embassy = sources
    first = post(mfa, WORDS)
    post(embassy, WORDS, START + timedelta(hours=1))
    find()
    group = DuplicateGroup.objects.get()
    editor.post(f"/admin/statements/duplicategroup/{group.pk}/change/", {"decision": "confirm"})

    assert "new groups: 0 exact, 0 near; already known 1" in find()

    group = DuplicateGroup.objects.get()
    assert (group.status, group.canonical_id) == ("confirmed", first.pk)


def test_a_pending_group_grows_when_another_copy_arrives(sources):
    mfa, embassy = sources
    first, second = post(mfa, WORDS), post(embassy, WORDS, START + timedelta(hours=1))
    find()
    third = post(make.source("Consulate", slug="c"), WORDS, START + timedelta(1))

    assert "replaced 1" in find()

    assert [members(g) for g in DuplicateGroup.objects.all()] == [{first.pk, second.pk, third.pk}]


def test_confirming_links_the_others_and_search_counts_the_post_once(sources, editor, client):
    mfa, embassy = sources
    scrape = post(embassy, WORDS + " consultations", START + timedelta(hours=3))
    original = post(mfa, WORDS)
    near = post(embassy, one_word_changed(WORDS), START + timedelta(days=1))
    copy_of_near = post(mfa, "moscow " * 40, START + timedelta(days=1), duplicate_of=near)
    find()
    group = DuplicateGroup.objects.get()
    assert members(group) == {scrape.pk, original.pk, near.pk}
    assert len(found(client, "kosovo")) == 3

    page = editor.get(f"/admin/statements/duplicategroup/{group.pk}/change/").content.decode()
    assert f'name="canonical" value="{original.pk}" checked' in page  # the earliest
    assert "Embassy" in page and "counterpart in moscow" in page
    assert "trade <mark>intensively</mark> culture" in page  # what differs from the first
    response = editor.post(
        f"/admin/statements/duplicategroup/{group.pk}/change/",
        {"decision": "confirm", "canonical": original.pk},
    )
    assert response.status_code == 302

    links = dict(Statement.objects.values_list("pk", "duplicate_of"))
    assert links[original.pk] is None
    assert links[scrape.pk] == links[near.pk] == links[copy_of_near.pk] == original.pk
    group.refresh_from_db()
    assert (group.status, group.canonical, group.decided_by.username) == (
        "confirmed",
        original,
        "editor",
    )
    assert found(client, "kosovo") == [original.pk]
    logged = LogEntry.objects.get(content_type__model="duplicategroup")
    assert logged.change_message == f"Confirmed: statement {original.pk} is canonical"
    assert LogEntry.objects.filter(content_type__model="statement").count() == 3
    history = near.revisions.get()  # in each statement's history: who, and the link before
    assert (history.changed_by.username, history.fields) == ("editor", {"duplicate_of": None})
    assert history.note == f"duplicate group {group.pk} confirmed"
    assert copy_of_near.revisions.get().fields == {"duplicate_of": near.pk}


def test_confirming_may_choose_another_canonical(sources, editor):
    mfa, embassy = sources
    first = post(mfa, WORDS)
    second = post(embassy, WORDS, START + timedelta(hours=1), duplicate_of=first)
    find()
    group = DuplicateGroup.objects.get()

    editor.post(
        f"/admin/statements/duplicategroup/{group.pk}/change/",
        {"decision": "confirm", "canonical": second.pk},
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.duplicate_of, second.duplicate_of) == (second, None)


def test_splitting_clears_links_and_is_not_suggested_again(sources, editor, client):
    mfa, embassy = sources
    first = post(mfa, WORDS)
    repost = post(embassy, WORDS, START + timedelta(hours=1), duplicate_of=first)
    find()
    group = DuplicateGroup.objects.get()
    assert len(found(client, "kosovo")) == 1

    editor.post(
        "/admin/statements/duplicategroup/",
        {"action": "split_selected", "_selected_action": [group.pk]},
    )

    repost.refresh_from_db()
    assert repost.duplicate_of is None
    assert DuplicateGroup.objects.get().status == "split"
    assert len(found(client, "kosovo")) == 2
    assert "new groups: 0 exact, 0 near" in find()
    assert DuplicateGroup.objects.count() == 1
    assert LogEntry.objects.get(content_type__model="duplicategroup").change_message == (
        "Split: not duplicates"
    )


def test_after_a_split_a_new_copy_is_suggested_with_the_latest_only(sources):
    mfa, embassy = sources
    first, second = post(mfa, WORDS), post(embassy, WORDS, START + timedelta(hours=1))
    find()
    split = DuplicateGroup.objects.get()
    split.status = DuplicateGroup.Status.SPLIT
    split.save()
    third = post(mfa, WORDS, START + timedelta(days=2))

    find()

    new = DuplicateGroup.objects.get(status="pending")
    assert members(new) == {second.pk, third.pk}
    assert members(DuplicateGroup.objects.get(status="split")) == {first.pk, second.pk}


def test_confirm_selected_takes_the_earliest_as_canonical(sources, editor):
    mfa, embassy = sources
    later = post(mfa, WORDS, START + timedelta(hours=5))
    earlier = post(embassy, WORDS)
    find()

    editor.post(
        "/admin/statements/duplicategroup/",
        {"action": "confirm_selected", "_selected_action": [DuplicateGroup.objects.get().pk]},
    )

    later.refresh_from_db()
    assert later.duplicate_of == earlier
    assert DuplicateGroup.objects.get().canonical == earlier


def test_an_editor_without_change_permission_cannot_decide(sources, client, django_user_model):
    mfa, embassy = sources
    first = post(mfa, WORDS)
    repost = post(embassy, WORDS, START + timedelta(hours=1), duplicate_of=first)
    find()
    group = DuplicateGroup.objects.get()
    viewer = django_user_model.objects.create_user("viewer", password="pw-12345-long")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_duplicategroup"))
    client.force_login(viewer)
    url = f"/admin/statements/duplicategroup/{group.pk}/change/"

    page = client.get(url)
    assert page.status_code == 200
    assert "Confirm</button>" not in page.content.decode()
    assert client.post(url, {"decision": "split"}).status_code == 403
    client.post(
        "/admin/statements/duplicategroup/",
        {"action": "split_selected", "_selected_action": [group.pk]},
    )

    repost.refresh_from_db()
    assert repost.duplicate_of == first
    assert DuplicateGroup.objects.get().status == "pending"


def test_the_list_shows_members_without_a_query_per_group(sources, editor):
    mfa, embassy = sources

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = editor.get("/admin/statements/duplicategroup/")
        assert response.status_code == 200
        return len(queries)

    for day in range(2):
        text = f"{WORDS} day {day}"
        post(mfa, text, START + timedelta(days=10 * day))
        post(embassy, text, START + timedelta(days=10 * day, hours=1))
    find()
    few = list_queries()
    for day in range(2, 8):
        text = f"{WORDS} day {day}"
        post(mfa, text, START + timedelta(days=10 * day))
        post(embassy, text, START + timedelta(days=10 * day, hours=1))
    find()

    assert DuplicateGroup.objects.count() == 8
    assert list_queries() == few
    page = editor.get("/admin/statements/duplicategroup/?status__exact=pending").content.decode()
    assert page.count("MFA Russia") == 8
