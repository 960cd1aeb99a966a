"""Changes automation makes to statements (alias edits, merges and their undo, accepted
suggestions, duplicate decisions): each is a revision, and none undoes an editor's choice."""

import json
from io import StringIO

from django.core.management import call_command

from statements.curation import suggestions
from statements.models import DuplicateGroup, Participant, ParticipantSuggestion, Statement
from tests import factories as make
from tests.curation.test_revisions import change_form_data

STATEMENTS = "/admin/statements/statement/"
PARTICIPANTS = "/admin/statements/participant/"


def remove_in_the_form(client, statement: Statement, participant: Participant) -> None:
    """An editor takes the participant off the statement on its change page."""
    url = f"{STATEMENTS}{statement.pk}/change/"
    data = change_form_data(client, url)
    row = next(
        key.removesuffix("-participant")
        for key, value in data.items()
        if key.endswith("-participant") and value == participant.pk
    )
    data[f"{row}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert participant not in statement.participants.all()


def edit_aliases(client, participant: Participant, aliases: str) -> None:
    response = client.post(
        f"{PARTICIPANTS}{participant.pk}/change/",
        {
            "name": participant.name,
            "slug": participant.slug,
            "aliases": aliases,
            "role": participant.role,
            "country": participant.country,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_an_alias_edit_never_brings_back_a_participant_an_editor_removed(db, editor):
    lavrov = make.participant("Sergey Lavrov")
    mfa = make.source()
    wrongly = make.statement(
        mfa, title="Talks", text="Sergey Lavrov met Marko Đurić in Moscow.", participants=[lavrov]
    )
    remove_in_the_form(editor, wrongly, lavrov)
    named = make.statement(mfa, "Переговоры", text="Сергей Лавров провёл переговоры.")

    edit_aliases(editor, lavrov, "Сергей Лавров")

    assert lavrov not in wrongly.participants.all()  # the editor's choice stays
    assert list(wrongly.revisions.values_list("note", flat=True)) == ["edited participants"]
    assert lavrov in named.participants.all()  # the new spelling is linked, as a revision
    revision = named.revisions.get()
    assert (revision.changed_by.username, revision.fields) == ("editor", {"participants": []})
    assert revision.note == "linked to Sergey Lavrov after an edit of their name or aliases"


def test_a_participants_file_links_new_spellings_with_a_revision(db, tmp_path):
    lavrov = make.participant("Sergey Lavrov")
    named = make.statement(title="Переговоры", text="Сергей Лавров провёл переговоры.")
    path = tmp_path / "participants.json"
    path.write_text(json.dumps([{"name": "Sergey Lavrov", "aliases": ["Сергей Лавров"]}]))

    call_command("import_participants", str(path), stdout=StringIO())

    assert lavrov in named.participants.all()
    revision = named.revisions.get()
    assert (revision.changed_by, revision.fields) == (None, {"participants": []})
    assert revision.note == "linked to Sergey Lavrov (participants file)"


def test_a_merge_and_its_undo_are_revisions_of_each_statement(db, editor):
    djuric = make.participant("Marko Đurić")
    typo = make.participant("Marko Djurik")
    mfa = make.source()
    both = make.statement(mfa, "Both", participants=[djuric, typo])
    only_typo = make.statement(mfa, "Typo only", participants=[typo])
    untouched = make.statement(mfa, "Đurić only", participants=[djuric])

    editor.post(
        PARTICIPANTS,
        {
            "action": "merge",
            "_selected_action": [djuric.pk, typo.pk],
            "index": 0,
            "apply": "1",
            "survivor": djuric.pk,
        },
    )
    note = "participant Marko Djurik merged into Marko Đurić"
    for statement, before in [(both, [djuric.pk, typo.pk]), (only_typo, [typo.pk])]:
        revision = statement.revisions.get()
        assert (revision.changed_by.username, revision.note) == ("editor", note)
        assert revision.fields == {"participants": sorted(before)}
    assert not untouched.revisions.exists()
    versions = editor.get(f"{STATEMENTS}{only_typo.pk}/versions/").content.decode()
    assert "Marko Djurik" in versions and note in versions

    merge = djuric.merges.get()
    editor.post(
        "/admin/statements/participantmerge/",
        {"action": "undo", "_selected_action": [merge.pk], "index": 0},
    )
    assert list(only_typo.participants.all()) == [typo]
    undone = only_typo.revisions.first()
    assert (undone.changed_by.username, undone.fields) == ("editor", {"participants": [djuric.pk]})
    assert undone.note == "merge of Marko Djurik into Marko Đurić undone"
    assert both.revisions.count() == 2  # linked to both again, as before the merge


def test_accepting_a_suggestion_is_a_revision_and_keeps_an_editors_removal(db, editor):
    szijjarto = make.participant("Péter Szijjártó")
    mfa = make.source()
    taken_off = make.statement(
        mfa, "Gas", text="Péter Szijjártó spoke about gas.", participants=[szijjarto]
    )
    remove_in_the_form(editor, taken_off, szijjarto)
    seen = make.statement(mfa, "Переговоры", text="Министр П.Сийярто обсудил ситуацию.")
    suggestions.queue_suggestions(
        {"п.сийярто": ("П.Сийярто", "Министр П.Сийярто", {taken_off.pk, seen.pk})}
    )
    suggestion = ParticipantSuggestion.objects.get()

    editor.post(
        "/admin/statements/participantsuggestion/",
        {
            "action": "accept_as_alias",
            "_selected_action": [suggestion.pk],
            "index": 0,
            "apply": "1",
            "participant": szijjarto.pk,
        },
    )

    szijjarto.refresh_from_db()
    assert szijjarto.aliases == ["П.Сийярто"]
    assert szijjarto not in taken_off.participants.all()
    assert taken_off.revisions.count() == 1  # only the editor's own change
    assert szijjarto in seen.participants.all()
    revision = seen.revisions.get()
    assert (revision.changed_by.username, revision.fields) == ("editor", {"participants": []})
    assert "П.Сийярто accepted" in revision.note


def test_a_duplicate_decision_shows_in_versions_and_can_be_restored(db, editor):
    mfa, embassy = make.source("MFA Russia", slug="mfa"), make.source("Embassy")
    original = make.statement(mfa, "Talks in Moscow", text="Lavrov held talks.")
    copy = make.statement(embassy, "Talks in Moscow (repost)", text="Lavrov held talks.")
    group = DuplicateGroup.objects.create(key=f"{original.pk},{copy.pk}", similarity=1, exact=True)
    group.members.set([original, copy])
    response = editor.post(
        f"/admin/statements/duplicategroup/{group.pk}/change/",
        {"decision": "confirm", "canonical": original.pk},
    )
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.duplicate_of == original

    versions = editor.get(f"{STATEMENTS}{copy.pk}/versions/").content.decode()
    assert "The two versions are the same" not in versions
    assert "duplicate_of" in versions and f"Statement {original.pk}: Talks in Moscow" in versions

    restored = editor.post(f"{STATEMENTS}{copy.pk}/versions/", {"version": 1})
    assert restored.status_code == 302
    copy.refresh_from_db()
    assert copy.duplicate_of is None
    assert copy.revisions.first().fields == {"duplicate_of": original.pk}


def test_the_public_page_shows_the_sources_edits_not_the_editors(db, editor, researcher):
    lavrov, typo = make.participant("Sergey Lavrov"), make.participant("Sergej Lavrov")
    statement = make.statement(title="Talks", text="Sergey Lavrov held talks.", participants=[typo])
    editor.post(
        PARTICIPANTS,
        {
            "action": "merge",
            "_selected_action": [lavrov.pk, typo.pk],
            "index": 0,
            "apply": "1",
            "survivor": lavrov.pk,
        },
    )
    assert statement.revisions.exists()
    page = researcher.get(f"/statements/{statement.pk}/").content.decode()
    assert "Earlier versions" not in page
