"""A statement's change page and its Versions: no lost updates between two editors, one
field restored at a time, a history editors can read and follow."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from statements.models import Statement
from tests import factories as make
from tests.conftest import editor_group
from tests.curation.test_revisions import change_form_data

STATEMENTS = "/admin/statements/statement/"


@pytest.fixture
def statement(db) -> Statement:
    return make.statement(title="Talks in Moscow", text="Lavrov held talks.", kind="message")


@pytest.fixture
def second_editor(django_user_model) -> Client:
    """Another member of the Editor group, working at the same time as `editor`."""
    user = django_user_model.objects.create_user(
        "colleague", password="pw-6789-long", is_staff=True
    )
    user.groups.add(editor_group())
    client = Client()
    client.force_login(user)
    return client


def change_url(statement: Statement) -> str:
    return f"{STATEMENTS}{statement.pk}/change/"


def test_a_save_based_on_a_stale_version_is_refused_with_the_other_change(
    statement, editor, second_editor
):
    url = change_url(statement)
    first, second = change_form_data(editor, url), change_form_data(second_editor, url)

    first["title"] = "Lavrov and Đurić: talks in Moscow"
    assert editor.post(url, first).status_code == 302
    second["kind"] = "meeting"  # based on the page as it was before the first save
    refused = second_editor.post(url, second)

    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Not saved" in errors
    assert "editor: edited title" in errors
    assert "title: was “Talks in Moscow”, now “Lavrov and Đurić: talks in Moscow”" in errors
    statement.refresh_from_db()
    assert (statement.title, statement.kind) == ("Lavrov and Đurić: talks in Moscow", "message")
    revision = statement.revisions.get()  # only the first editor's, credited to them
    assert (revision.changed_by.username, revision.fields) == (
        "editor",
        {"title": "Talks in Moscow"},
    )


def test_after_the_refusal_saving_again_saves_with_the_other_change_in_view(
    statement, editor, second_editor
):
    url = change_url(statement)
    first, second = change_form_data(editor, url), change_form_data(second_editor, url)
    first["kind"] = "meeting"
    editor.post(url, first)
    second["location"] = "Moscow"
    refused = second_editor.post(url, second)
    again = dict(refused.context["adminform"].form.data.lists())
    again["kind"] = "meeting"  # the second editor keeps the first one's kind this time

    assert second_editor.post(url, again).status_code == 302
    statement.refresh_from_db()
    assert (statement.kind, statement.location) == ("meeting", "Moscow")
    latest = statement.revisions.first()
    assert (latest.changed_by.username, latest.fields) == ("colleague", {"location": ""})


def test_one_field_of_an_earlier_version_can_be_restored(statement, editor):
    url = change_url(statement)
    data = change_form_data(editor, url)
    data.update(title="A wrong title", kind="meeting")
    editor.post(url, data)

    page = editor.get(f"{STATEMENTS}{statement.pk}/versions/").content.decode()
    assert page.count("Restore this field") == 2
    response = editor.post(
        f"{STATEMENTS}{statement.pk}/versions/", {"version": 1, "field": "title"}
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.title, statement.kind) == ("Talks in Moscow", "meeting")
    restore = statement.revisions.first()
    assert (restore.changed_by.username, restore.fields) == ("editor", {"title": "A wrong title"})
    assert restore.note.startswith("restored title of version 1")
    refused = editor.post(
        f"{STATEMENTS}{statement.pk}/versions/", {"version": 1, "field": "raw"}, follow=True
    )
    assert "Choose a field of that version" in refused.content.decode()
    assert statement.revisions.count() == 2


def test_the_history_heading_is_whole_and_names_editors_without_a_forbidden_link(statement, editor):
    url = change_url(statement)
    data = change_form_data(editor, url)
    data["title"] = "Talks in Moscow, corrected"
    editor.post(url, data)

    page = editor.get(url).content.decode()
    assert "compare and restore under “Versions”)" in page
    assert "/admin/auth/user/" not in page  # editors may not open accounts: a 403
    assert ">editor<" in page


def test_a_user_who_may_only_view_statements_sees_the_change_page(statement, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw-0000-long", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_statement"))
    client = Client()
    client.force_login(viewer)
    page = client.get(change_url(statement))
    assert page.status_code == 200
    assert "Talks in Moscow" in page.content.decode()


def test_hiding_a_statement_from_its_page_asks_why_and_keeps_the_reason(statement, editor):
    url = change_url(statement)
    form = change_form_data(editor, url) | {"status": "hidden"}
    refused = editor.post(url, form)
    assert refused.status_code == 200
    assert "Say why it is hidden" in " ".join(refused.context["adminform"].form.errors["reason"])
    statement.refresh_from_db()
    assert statement.status == "published"

    assert editor.post(url, form | {"reason": "a copy of a fake post"}).status_code == 302
    statement.refresh_from_db()
    assert statement.status == "hidden"
    assert statement.revisions.get().note == "edited status: a copy of a fake post"


def test_a_save_from_a_browser_changes_only_what_the_editor_changed(editor):
    """Browsers send a textarea's line breaks as CRLF: a statement whose text has lines,
    saved with only its location changed, keeps its text and records only the location."""
    statement = make.statement(title="Talks in Moscow", text="Lavrov held talks.\nThen a lunch.")
    url = change_url(statement)
    data = change_form_data(editor, url)
    data["text"] = data["text"].replace("\n", "\r\n")
    data["location"] = "Moscow"
    assert editor.post(url, data).status_code == 302

    statement.refresh_from_db()
    assert statement.text == "Lavrov held talks.\nThen a lunch."
    revision = statement.revisions.get()
    assert (revision.note, revision.fields) == ("edited location", {"location": ""})
