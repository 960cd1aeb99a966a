"""Suggested participants: names after a title in imported statements, for editors to
accept (a new participant, or an alias of one) or reject for good."""

import json
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.curation import suggestions
from statements.importers import batches
from statements.models import Participant, ParticipantSuggestion, Statement
from tests import factories as make

CHANGELIST = "/admin/statements/participantsuggestion/"
SZIJJARTO = (
    "Foreign Minister Sergey Lavrov spoke by telephone with "
    "Minister of Foreign Affairs of Hungary Péter Szijjártó."
)


# The import --------------------------------------------------------------------------


def write_jsonl(tmp_path, rows, name="statements.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n")
    return path


def import_file(path):
    call_command("import_statements", str(path), "--source", "mfa", stdout=StringIO())


ROWS = [
    {"external_id": "1", "title": "Talks with Hungary", "text": SZIJJARTO},
    {
        "external_id": "2",
        "title": "Телефонный разговор",
        "text": "Министр иностранных дел Венгрии П.Сийярто обсудил с С.В.Лавровым ситуацию.",
    },
    {
        "external_id": "3",
        "title": "Szijjártó in Moscow",
        "text": "Minister of Foreign Affairs of Hungary Péter Szijjártó arrived in Moscow.",
    },
    {"external_id": "4", "title": "Energy", "text": "Péter Szijjártó spoke about gas supplies."},
]


@pytest.fixture
def imported(participants, tmp_path):
    import_file(write_jsonl(tmp_path, ROWS))
    return {s.external_id: s for s in Statement.objects.all()}


def test_an_import_suggests_unknown_names_with_their_statements(imported):
    suggestions = {s.name: s for s in ParticipantSuggestion.objects.all()}
    assert set(suggestions) == {"Péter Szijjártó", "П.Сийярто"}
    szijjarto = suggestions["Péter Szijjártó"]
    assert szijjarto.status == ParticipantSuggestion.Status.PENDING
    assert szijjarto.context == SZIJJARTO  # the sentence it was first seen in
    assert {s.external_id for s in szijjarto.statements.all()} == {"1", "3"}
    assert [s.external_id for s in suggestions["П.Сийярто"].statements.all()] == ["2"]


def test_known_participants_are_not_suggested(imported):
    # Sergey Lavrov (and С.В.Лавров, through his alias Лавров) is a participant already.
    keys = set(ParticipantSuggestion.objects.values_list("key", flat=True))
    assert not keys & {"sergey lavrov", "с.в.лавров"}


def test_statements_without_an_id_and_updated_ones_suggest_too(participants, tmp_path):
    import_file(write_jsonl(tmp_path, [{"text": "President of Finland Alexander Stubb spoke."}]))
    import_file(write_jsonl(tmp_path, [{"external_id": "9", "text": "Nothing yet."}]))
    import_file(
        write_jsonl(
            tmp_path, [{"external_id": "9", "text": "Prime Minister Petteri Orpo arrived."}]
        )
    )
    found = {s.name: s.statements.get() for s in ParticipantSuggestion.objects.all()}
    assert set(found) == {"Alexander Stubb", "Petteri Orpo"}
    assert found["Petteri Orpo"].external_id == "9"
    assert found["Petteri Orpo"].text == "Prime Minister Petteri Orpo arrived."


def test_names_from_every_batch_and_the_second_process_join_one_suggestion(
    participants, tmp_path, monkeypatch, settings
):
    settings.IMPORT_PARALLEL = True
    monkeypatch.setattr(batches, "BATCH_SIZE", 2)  # batches after the first: the second process
    rows = [
        {"external_id": str(n), "text": f"Day {n}: President of Finland Alexander Stubb spoke."}
        for n in range(7)
    ]
    import_file(write_jsonl(tmp_path, rows))
    suggestion = ParticipantSuggestion.objects.get()
    assert suggestion.name == "Alexander Stubb"
    assert suggestion.context == "Day 0: President of Finland Alexander Stubb spoke."
    assert sorted(int(s.external_id) for s in suggestion.statements.all()) == list(range(7))


def run_action(client, action, suggestions, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [s.pk for s in suggestions], "index": 0, **extra},
    )


def test_accepting_creates_the_participant_and_links_every_statement(imported, editor, client):
    suggestion = ParticipantSuggestion.objects.get(name="Péter Szijjártó")
    response = run_action(editor, "accept_as_new", [suggestion])
    assert response.status_code == 302
    participant = Participant.objects.get(name="Péter Szijjártó")
    # Statement 4 gave no suggestion (no title before the name), but names him: linked too.
    assert {s.external_id for s in participant.statements.all()} == {"1", "3", "4"}
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.participant, suggestion.decided_by.username) == (
        "accepted",
        participant,
        "editor",
    )
    found = client.get("/api/statements/", {"q": "person:szijjarto"}).json()
    assert found["count"] == 3
    entry = LogEntry.objects.get(object_id=str(suggestion.pk))
    assert entry.get_change_message() == "Accepted as the participant Péter Szijjártó"


def test_accepting_again_changes_nothing(imported, editor_user):
    suggestion = ParticipantSuggestion.objects.get(name="Péter Szijjártó")
    first = suggestions.accept(suggestion, editor_user)
    assert suggestions.accept(suggestion, editor_user) == first
    assert Participant.objects.filter(name="Péter Szijjártó").count() == 1
    assert suggestions.reject(suggestion, editor_user) is False
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"


def test_accepting_as_an_alias_extends_a_participant(imported, editor):
    szijjarto = make.participant("Péter Szijjártó")
    cyrillic = ParticipantSuggestion.objects.get(name="П.Сийярто")
    page = run_action(editor, "accept_as_alias", [cyrillic])
    assert page.status_code == 200
    assert page.context["form"]["participant"].initial is None  # no spelling like Сийярто yet
    assert "Министр иностранных дел Венгрии П.Сийярто" in page.content.decode()
    response = run_action(
        editor, "accept_as_alias", [cyrillic], apply="1", participant=szijjarto.pk
    )
    assert response.status_code == 302
    szijjarto.refresh_from_db()
    assert szijjarto.aliases == ["П.Сийярто"]
    assert {s.external_id for s in szijjarto.statements.all()} == {"1", "2", "3", "4"}
    assert "П.Сийярто" in Statement.objects.get(external_id="2").names_text  # searchable
    cyrillic.refresh_from_db()
    assert (cyrillic.status, cyrillic.participant) == ("accepted", szijjarto)
    assert LogEntry.objects.get(object_id=str(cyrillic.pk)).get_change_message() == (
        "Accepted as an alias of Péter Szijjártó"
    )


def test_a_rejected_name_is_never_suggested_again(imported, editor, tmp_path):
    suggestion = ParticipantSuggestion.objects.get(name="Péter Szijjártó")
    run_action(editor, "reject", [suggestion])
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    assert LogEntry.objects.get(object_id=str(suggestion.pk)).get_change_message() == "Rejected"
    rows = [{"external_id": "5", "text": "Foreign Minister of Hungary Peter Szijjarto said."}]
    import_file(write_jsonl(tmp_path, rows, "more.jsonl"))
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    assert {s.external_id for s in suggestion.statements.all()} == {"1", "3"}
    assert ParticipantSuggestion.objects.filter(key="peter szijjarto").count() == 1
    assert not Participant.objects.filter(name__icontains="Szijj").exists()


def test_the_list_shows_pending_names_most_seen_first_in_few_queries(imported, editor):
    with CaptureQueriesContext(connection) as two_rows:
        editor.get(CHANGELIST)
    for number in range(10):
        ParticipantSuggestion.objects.create(name=f"Name Number{number}", key=f"name {number}")
    with CaptureQueriesContext(connection) as twelve_rows:
        response = editor.get(CHANGELIST)
    assert len(twelve_rows) == len(two_rows)  # the statement counts come with the rows
    rows = [(s.name, s.statement_count) for s in response.context["cl"].result_list]
    assert rows[:2] == [("Péter Szijjártó", 2), ("П.Сийярто", 1)]
    assert len(rows) == 12
    assert "Minister of Foreign Affairs of Hungary Péter Szijjártó" in response.content.decode()
    rejected = editor.get(CHANGELIST, {"status": "rejected"})
    assert list(rejected.context["cl"].result_list) == []
    found = editor.get(CHANGELIST, {"q": "szijjarto"})
    assert [s.name for s in found.context["cl"].result_list] == ["Péter Szijjártó"]


def test_the_change_page_links_the_statements(imported, editor):
    suggestion = ParticipantSuggestion.objects.get(name="Péter Szijjártó")
    page = editor.get(f"{CHANGELIST}{suggestion.pk}/change/").content.decode()
    ids = sorted(s.pk for s in suggestion.statements.all())
    for pk in ids:
        assert f"/admin/statements/statement/{pk}/change/" in page
    listed = editor.get("/admin/statements/statement/", {"id__in": ",".join(map(str, ids))})
    assert sorted(s.pk for s in listed.context["cl"].result_list) == ids
    assert editor.get(f"{CHANGELIST}add/").status_code == 403


def test_without_the_change_permission_nothing_is_accepted(imported, client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="pw-1234-x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_participantsuggestion"))
    client.force_login(viewer)
    suggestion = ParticipantSuggestion.objects.get(name="Péter Szijjártó")
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert "accept_as_new" not in page.content.decode()
    for action in ("accept_as_new", "accept_as_alias", "reject"):
        run_action(client, action, [suggestion], apply="1", participant=1)
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert not Participant.objects.filter(name="Péter Szijjártó").exists()
    assert client.post(f"{CHANGELIST}{suggestion.pk}/change/", {"name": "X"}).status_code == 403
