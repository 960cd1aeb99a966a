"""Roles as linking writes them: an import links who took part and who is only mentioned,
a re-link follows the text but never an editor's choice, and role changes are revisions."""

import json

from statements.curation.participants import merge_participants
from statements.curation.revisions import TOOK_PART
from statements.importers.run import import_paths
from statements.models import Participant, Role, Statement, StatementParticipant
from tests import factories
from tests.curation.test_revisions import change_form_data

POST = {
    "id": 1,
    "date": "2024-05-06T10:00:00+00:00",
    "text": "Sergey Lavrov held talks with Marko Đurić in Moscow. They discussed the visit "
    "of President Vladimir Putin to Belgrade.",
}
CHANGE = "/admin/statements/statement/{}/change/"


def import_posts(tmp_path, *posts):
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(json.dumps(post, ensure_ascii=False) for post in posts) + "\n")
    return import_paths([path], source_slug="mfa")


def roles(statement: Statement) -> dict[str, str]:
    links = StatementParticipant.objects.filter(statement=statement)
    return dict(links.values_list("participant__name", "role"))


def imported_with_durić_mentioned_by(editor, tmp_path) -> Statement:
    """The post imported, then Đurić's role set to "mentioned" by the editor on its page."""
    import_posts(tmp_path, POST)
    statement = Statement.objects.get()
    url = CHANGE.format(statement.pk)
    data = change_form_data(editor, url)
    durić = Participant.objects.get(name="Marko Đurić").pk
    row = next(k.removesuffix("-participant") for k, v in data.items() if v == durić)
    data[f"{row}-role"] = Role.MENTIONED
    assert editor.post(url, data).status_code == 302
    return statement


def test_an_import_links_who_took_part_and_who_is_mentioned(participants, tmp_path):
    import_posts(tmp_path, POST)
    assert roles(Statement.objects.get()) == {
        "Sergey Lavrov": Role.PARTICIPANT,
        "Marko Đurić": Role.PARTICIPANT,
        "Vladimir Putin": Role.MENTIONED,
    }


def test_a_reimport_follows_the_text_but_keeps_an_editors_role(participants, tmp_path, editor):
    statement = imported_with_durić_mentioned_by(editor, tmp_path)
    durić = Participant.objects.get(name="Marko Đurić").pk
    edited = statement.revisions.get()
    assert durić in edited.fields[TOOK_PART] and edited.changed_by.username == "editor"

    # The new version names Putin as taking part: his role follows; Đurić's stays the editor's.
    text = "President Vladimir Putin met Sergey Lavrov and Marko Đurić in Moscow."
    import_posts(tmp_path, {**POST, "text": text})
    assert roles(statement) == {
        "Sergey Lavrov": Role.PARTICIPANT,
        "Marko Đurić": Role.MENTIONED,
        "Vladimir Putin": Role.PARTICIPANT,
    }
    reimport = statement.revisions.filter(changed_by=None, applied=True).get()
    assert Participant.objects.get(name="Vladimir Putin").pk not in reimport.fields[TOOK_PART]


def test_restoring_a_version_restores_its_roles(participants, tmp_path, editor):
    statement = imported_with_durić_mentioned_by(editor, tmp_path)
    assert roles(statement)["Marko Đurić"] == Role.MENTIONED

    editor.post(f"/admin/statements/statement/{statement.pk}/versions/", {"version": 1})
    assert roles(statement)["Marko Đurić"] == Role.PARTICIPANT
    assert statement.revisions.first().note.startswith("restored version 1")


def test_a_merge_keeps_the_role_of_the_merged_link(db):
    survivor = factories.participant("Sergey Lavrov")
    merged = factories.participant("Sergei V. Lavrov")
    statement = factories.statement(title="Sergei V. Lavrov met Marko Đurić")
    StatementParticipant.objects.create(
        statement=statement, participant=merged, role=Role.PARTICIPANT, role_set_by_editor=True
    )
    merge_participants(survivor, merged)
    link = StatementParticipant.objects.get(statement=statement)
    assert (link.participant, link.role, link.role_set_by_editor) == (
        survivor,
        Role.PARTICIPANT,
        True,
    )
