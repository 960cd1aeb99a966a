"""Links saved before a merge or a rename keep working: the page, the feed, ?participant=
and ?hashtag= on the page, the API and the exports, and person: and tag: in the search box."""

import re
from html import unescape
from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps

from statements.curation.participants import merge_participants
from statements.importers.linking import hashtag_for
from statements.models import FormerSlug, Hashtag, Statement, unique_slug
from tests import factories as make
from tests.web.test_every_filter import SURFACES, answer_count


@pytest.fixture
def merged(db):
    """Two spellings of one minister, each in a statement; the second merged into the first."""
    dacic = make.participant("Ivica Dačić")
    duplicate = make.participant("Ivica Dacic (MFA)", slug="ivica-dacic-mfa")
    mfa = make.source("MFA of Serbia")
    make.statement(mfa, "Dačić in Moscow", participants=[dacic])
    make.statement(mfa, "Dacic in Belgrade", participants=[duplicate])
    merge_participants(dacic, duplicate)
    return dacic


def test_the_old_slug_leads_to_the_participant_it_became(merged, researcher):
    page = researcher.get("/participants/ivica-dacic-mfa/")
    assert page.status_code == 302 and page["Location"] == merged.get_absolute_url()
    feed = researcher.get("/participants/ivica-dacic-mfa/feed.atom")
    assert feed.status_code == 200 and b"Dacic in Belgrade" in feed.content


@pytest.mark.parametrize("path", ["/statements/", *SURFACES, "/statements/feed.atom"])
def test_an_old_slug_in_a_saved_search_still_searches(merged, researcher, path):
    response = researcher.get(path, {"participant": "ivica-dacic-mfa"})
    assert response.status_code == 200
    assert answer_count(response, path) == 2


def test_the_chip_of_an_old_slug_removes_it(merged, researcher):
    response = researcher.get("/statements/", {"participant": "ivica-dacic-mfa", "q": "moscow"})
    (chip,) = [c for c in response.context["active_filters"] if c["label"].startswith("Person")]
    assert "participant" not in parse_qs(urlsplit(chip["url"]).query)


def test_only_a_search_gets_a_way_back(demo, researcher):
    statement = researcher.get("/statements/").context["page"].object_list[0]
    page = researcher.get(statement.get_absolute_url(), {"utm_source": "newsletter"})
    assert page.context["search_url"] == ""
    page = researcher.get(statement.get_absolute_url(), {"kind": "meeting"})
    assert page.context["search_url"] == "/statements/?kind=meeting"


def test_person_takes_an_old_slug_too(merged, researcher):
    response = researcher.get("/statements/", {"q": "person:ivica-dacic-mfa"})
    assert response.context["page"].count == 2


def test_back_to_the_search_returns_to_the_whole_search(demo, researcher):
    search = {"q": "kosovo", "kind": "meeting", "sort": "oldest"}
    results = researcher.get("/statements/", search)
    first = results.context["page"].object_list[0]
    link = re.search(rf'href="({first.get_absolute_url()}[^"]*)"', results.content.decode())
    detail = researcher.get(unescape(link.group(1)))
    back = parse_qs(urlsplit(detail.context["search_url"]).query)
    assert back == {name: [value] for name, value in search.items()}
    again = researcher.get(detail.context["search_url"])
    assert again.context["page"].count == results.context["page"].count


# Renames and hashtag merges, done by an editor in the admin ------------------------------

EVERY_SURFACE = ["/statements/", *SURFACES, "/statements/feed.atom"]


def rename_in_admin(editor, item, new_slug: str):
    """The editor changes the slug on the item's change form, the rest as it is."""
    model = type(item)._meta.model_name
    fields = {"name": item.name, "slug": new_slug}
    if model == "participant":
        fields |= {"aliases": ",".join(item.aliases), "role": item.role, "country": item.country}
    return editor.post(f"/admin/statements/{model}/{item.pk}/change/", fields)


def merge_in_admin(editor, model: str, survivor, merged):
    return editor.post(
        f"/admin/statements/{model}/",
        {
            "action": "merge",
            "_selected_action": [survivor.pk, merged.pk],
            "index": 0,
            "apply": "1",
            "survivor": survivor.pk,
        },
    )


@pytest.fixture
def tagged(db):
    """Two spellings of one tag, each on a statement of its own, and a third statement."""
    mfa = make.source("MFA of Serbia")
    kosovo = make.hashtag("#Kosovo")
    kosovo_metohija = make.hashtag("#KosovoMetohija", slug="kosovometohija")
    make.statement(mfa, "Talks on Kosovo", hashtags=[kosovo])
    make.statement(mfa, "Kosovo and Metohija", hashtags=[kosovo_metohija])
    make.statement(mfa, "A visit to Moscow")
    return kosovo, kosovo_metohija


def test_a_renamed_participant_keeps_its_old_slug_everywhere(merged, editor, researcher):
    response = rename_in_admin(editor, merged, "ivica-dacic-serbia")
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.slug == "ivica-dacic-serbia"
    page = researcher.get("/participants/ivica-dacic/")
    assert page.status_code == 301 and page["Location"] == "/participants/ivica-dacic-serbia/"
    feed = researcher.get("/participants/ivica-dacic/feed.atom")
    assert feed.status_code == 200 and feed.content.count(b"<entry>") == 2
    for old_slug in ("ivica-dacic", "ivica-dacic-mfa"):  # renamed, and merged before that
        for path in EVERY_SURFACE:
            response = researcher.get(path, {"participant": old_slug})
            assert response.status_code == 200, (old_slug, path)
            assert answer_count(response, path) == 2, (old_slug, path)
        assert (
            researcher.get("/statements/", {"q": f"person:{old_slug}"}).context["page"].count == 2
        )
    assert researcher.get("/participants/ivica-dacic-mfa/")["Location"] == merged.get_absolute_url()


def test_a_renamed_hashtag_keeps_its_old_slug_everywhere(tagged, editor, researcher):
    kosovo, _ = tagged
    assert rename_in_admin(editor, kosovo, "kosovo-i-metohija").status_code == 302
    page = researcher.get("/hashtags/kosovo/")
    assert page.status_code == 301 and page["Location"] == "/hashtags/kosovo-i-metohija/"
    feed = researcher.get("/hashtags/kosovo/feed.atom")
    assert feed.status_code == 200 and b"Talks on Kosovo" in feed.content
    for path in EVERY_SURFACE:
        response = researcher.get(path, {"hashtag": "kosovo"})
        assert response.status_code == 200, path
        assert answer_count(response, path) == 1, path
    assert researcher.get("/statements/", {"q": "tag:kosovo"}).context["page"].count == 1


def test_a_rename_is_recorded_with_its_editor(tagged, editor):
    kosovo, _ = tagged
    rename_in_admin(editor, kosovo, "kosovo-i-metohija")
    (change,) = FormerSlug.objects.all()
    assert (change.relation, change.slug, change.became, change.reason) == (
        "hashtag",
        "kosovo",
        "kosovo-i-metohija",
        FormerSlug.Reason.RENAMED,
    )
    assert change.changed_by.username == "editor"
    rename_in_admin(editor, Hashtag.objects.get(pk=kosovo.pk), "kosovo-i-metohija")
    assert FormerSlug.objects.count() == 1  # saved without a change of slug: nothing to keep


def test_merged_hashtags_keep_the_old_slug_everywhere(tagged, editor, researcher):
    kosovo, kosovo_metohija = tagged
    response = merge_in_admin(editor, "hashtag", kosovo, kosovo_metohija)
    assert response.status_code == 302
    assert not Hashtag.objects.filter(pk=kosovo_metohija.pk).exists()
    page = researcher.get("/hashtags/kosovometohija/")
    assert page.status_code == 302 and page["Location"] == "/hashtags/kosovo/"
    feed = researcher.get("/hashtags/kosovometohija/feed.atom")
    assert feed.status_code == 200 and feed.content.count(b"<entry>") == 2
    for path in EVERY_SURFACE:
        response = researcher.get(path, {"hashtag": "kosovometohija"})
        assert response.status_code == 200, path
        assert answer_count(response, path) == 2, path
    for query in ("tag:kosovometohija", "tag:#KosovoMetohija"):
        assert researcher.get("/statements/", {"q": query}).context["page"].count == 2, query
    # Searched by words too: the statements' names text now holds the kept tag.
    assert researcher.get("/statements/", {"q": "Metohija"}).context["page"].count == 1


def test_a_hashtag_merge_is_a_revision_of_each_statement_it_retags(tagged, editor):
    kosovo, kosovo_metohija = tagged
    retagged = kosovo_metohija.statements.get()
    merge_in_admin(editor, "hashtag", kosovo, kosovo_metohija)
    (revision,) = retagged.revisions.all()
    assert revision.fields == {"hashtags": [kosovo_metohija.pk]}
    assert revision.changed_by.username == "editor"
    assert "#KosovoMetohija merged into #Kosovo" in revision.note
    assert list(retagged.hashtags.all()) == [kosovo]
    assert not Statement.objects.get(title="Talks on Kosovo").revisions.exists()


def test_an_import_after_a_hashtag_merge_tags_with_the_kept_one(tagged, editor):
    kosovo, kosovo_metohija = tagged
    merge_in_admin(editor, "hashtag", kosovo, kosovo_metohija)
    assert hashtag_for("#KosovoMetohija") == kosovo
    assert Hashtag.objects.count() == 1


def test_a_slug_saved_links_give_to_another_is_not_given_again(tagged, editor, researcher):
    kosovo, kosovo_metohija = tagged
    rename_in_admin(editor, kosovo, "kosovo-i-metohija")
    refused = rename_in_admin(editor, kosovo_metohija, "kosovo")
    assert refused.status_code == 200 and "Saved links with" in refused.content.decode()
    assert Hashtag.objects.get(pk=kosovo_metohija.pk).slug == "kosovometohija"
    assert unique_slug(Hashtag, "#Kosovo") == "kosovo-2"
    assert researcher.get("/hashtags/kosovo/")["Location"] == "/hashtags/kosovo-i-metohija/"


def test_a_slug_renamed_back_is_its_own_again(tagged, editor, researcher):
    kosovo, _ = tagged
    rename_in_admin(editor, kosovo, "kosovo-i-metohija")
    rename_in_admin(editor, Hashtag.objects.get(pk=kosovo.pk), "kosovo")
    assert researcher.get("/hashtags/kosovo/").status_code == 200
    page = researcher.get("/hashtags/kosovo-i-metohija/")
    assert page.status_code == 301 and page["Location"] == "/hashtags/kosovo/"


def test_an_unknown_slug_is_still_a_404_or_400(tagged, researcher):
    assert researcher.get("/hashtags/nothing-like-it/").status_code == 404
    assert researcher.get("/hashtags/nothing-like-it/feed.atom").status_code == 404
    assert researcher.get("/api/statements/", {"hashtag": "nothing-like-it"}).status_code == 400


def test_merges_made_before_former_slugs_lead_on_after_the_migration(merged, researcher):
    FormerSlug.objects.all().delete()  # as before the migration: only the merge's record
    assert researcher.get("/participants/ivica-dacic-mfa/").status_code == 404
    import_module("statements.migrations.0011_former_slugs").merges_to_former_slugs(apps, None)
    page = researcher.get("/participants/ivica-dacic-mfa/")
    assert page.status_code == 302 and page["Location"] == merged.get_absolute_url()
