"""Who took part and who was only mentioned, as editors see and correct it on a statement's
change page; and the roles existing links got when the link became a model."""

from importlib import import_module
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from statements.models import Role, StatementParticipant
from tests import factories
from tests.curation.test_revisions import change_form_data

CHANGE = "/admin/statements/statement/{}/change/"
ROLES_MIGRATION = import_module("statements.migrations.0020_roles_participant_links")


def link_of(statement, person) -> StatementParticipant:
    return StatementParticipant.objects.get(statement=statement, participant=person)


def test_an_editor_sees_each_persons_role_and_changes_it(db, editor):
    lavrov, putin = factories.participant(), factories.participant("Vladimir Putin")
    statement = factories.statement(participants=[lavrov, putin])
    url = CHANGE.format(statement.pk)
    page = editor.get(url).content.decode()
    assert "Took part" in page and 'name="statementparticipant_set-0-role"' in page

    data = change_form_data(editor, url)
    row = next(
        key.removesuffix("-participant")
        for key, value in data.items()
        if key.endswith("-participant") and value == lavrov.pk
    )
    data[f"{row}-role"] = Role.PARTICIPANT
    assert editor.post(url, data).status_code == 302

    changed, untouched = link_of(statement, lavrov), link_of(statement, putin)
    assert (changed.role, changed.role_set_by_editor) == (Role.PARTICIPANT, True)
    assert (untouched.role, untouched.role_set_by_editor) == (Role.MENTIONED, False)


def test_an_editor_adds_a_person_with_a_role(db, editor):
    lavrov = factories.participant()
    statement = factories.statement()
    url = CHANGE.format(statement.pk)
    data = change_form_data(editor, url)
    prefix = "statementparticipant_set"
    data[f"{prefix}-TOTAL_FORMS"] = 1
    data[f"{prefix}-0-participant"] = lavrov.pk
    data[f"{prefix}-0-role"] = Role.PARTICIPANT
    assert editor.post(url, data).status_code == 302
    link = link_of(statement, lavrov)
    assert (link.role, link.role_set_by_editor) == (Role.PARTICIPANT, True)
    statement.refresh_from_db()
    assert "Sergey Lavrov" in statement.names_text


def test_existing_links_get_their_role_from_the_text(db):
    vucic = factories.participant("Aleksandar Vučić", aliases=["Vucic"])
    putin = factories.participant("Vladimir Putin")
    meeting = factories.statement(
        title="Aleksandar Vučić met Sergey Lavrov",
        text="They discussed the visit of President Vladimir Putin.",
        participants=[vucic, putin],
    )
    ROLES_MIGRATION.set_roles_from_text(apps, SimpleNamespace(connection=connection))
    assert link_of(meeting, vucic).role == Role.PARTICIPANT
    assert link_of(meeting, putin).role == Role.MENTIONED
