"""Every bulk action asks first, stating the exact number of statements it will change,
and then changes exactly that many (issue 13, items 4 and 8); hiding asks for a reason,
kept in each revision's note; every changed statement is in the admin log, whoever ran
the correction (item 17)."""

from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from statements.curation.corrections import request_correction
from statements.models import BulkCorrection, Participant, Statement, StatementRevision
from tests.admin.actions import run_action

CHANGELIST = "/admin/statements/statement/"


def statuses() -> dict[int, str]:
    return dict(Statement.objects.values_list("pk", "status"))


@pytest.mark.parametrize("action", ["publish", "hide", "reenrich"])
def test_publish_hide_and_reenrich_ask_before_changing_anything(demo, editor, action):
    Statement.objects.filter(kind="remarks").update(status="new")
    before = statuses()
    asked = editor.post(
        CHANGELIST, {"action": action, "select_across": "1", "index": 0, "_selected_action": "0"}
    )
    assert asked.status_code == 200
    assert statuses() == before
    assert not StatementRevision.objects.exists()
    counts = asked.context["counts"]
    assert counts.selected == 7
    page = asked.content.decode()
    assert "<strong>7</strong> statements selected" in page
    if action == "publish":
        assert counts.changing == 2 and "<strong>2</strong> of them will change" in page
    if action == "hide":
        assert counts.changing == 7 and 'name="reason"' in page


def test_the_confirmed_number_is_the_number_changed(demo, editor):
    Statement.objects.filter(kind="remarks").update(status="new")
    asked, done = run_action(editor, CHANGELIST, "publish")
    assert asked.context["counts"].changing == 2
    correction = BulkCorrection.objects.get()
    assert (correction.total, correction.changed) == (7, 2)
    assert StatementRevision.objects.count() == 2
    assert done.status_code == 302


def test_numbers_that_moved_since_the_confirmation_are_shown_again(demo, editor):
    Statement.objects.filter(kind="remarks").update(status="new")
    asked = editor.post(
        CHANGELIST, {"action": "publish", "select_across": "1", "index": 0, "_selected_action": "0"}
    )
    stated = asked.context["counts"]
    Statement.objects.filter(kind="meeting").update(status="new")  # an import meanwhile
    again = editor.post(
        CHANGELIST,
        {
            "action": "publish",
            "select_across": "1",
            "index": 0,
            "_selected_action": "0",
            "counting": "1",
            "confirm": "1",
            "counted_selected": str(stated.selected),
            "counted_changing": str(stated.changing),
        },
    )
    assert again.status_code == 200 and again.context["moved"]
    assert again.context["counts"].changing == 2 + Statement.objects.filter(kind="meeting").count()
    assert Statement.objects.filter(status="new").count() == 5
    assert not BulkCorrection.objects.exists()


def test_a_value_action_states_its_number_once_the_value_is_chosen(demo, editor):
    vulin = Participant.objects.get(name="Aleksandar Vulin")
    linked = vulin.statements.count()
    asked, _ = run_action(editor, CHANGELIST, "add_participant", participant=vulin.pk)
    assert (asked.context["counts"].selected, asked.context["counts"].changing) == (
        7,
        7 - linked,
    )
    assert BulkCorrection.objects.get().changed == 7 - linked
    assert vulin.statements.count() == 7


def test_hiding_asks_a_reason_and_keeps_it_in_the_history(demo, editor):
    phone_call = Statement.objects.get(kind="phone_call")
    chosen = {"action": "hide", "index": 0, "_selected_action": [phone_call.pk]}
    refused = editor.post(
        CHANGELIST,
        {
            **chosen,
            "counting": "1",
            "confirm": "1",
            "counted_selected": "1",
            "counted_changing": "1",
        },
    )
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert Statement.objects.get(pk=phone_call.pk).status == "published"

    run_action(editor, CHANGELIST, "hide", [phone_call.pk], reason="a copy of the May 6 call")
    revision = StatementRevision.objects.get(statement=phone_call)
    assert "reason: a copy of the May 6 call" in revision.note
    listing = editor.get("/admin/statements/bulkcorrection/").content.decode()
    assert "a copy of the May 6 call" in listing


def test_the_corrections_list_names_participants_not_ids(demo, editor, editor_user):
    vulin = Participant.objects.get(name="Aleksandar Vulin")
    everything = Statement.objects.values_list("pk", flat=True)
    request_correction("add_participant", everything, editor_user, vulin.pk)
    request_correction("set_kind", everything, editor_user, "phone_call")
    page = editor.get("/admin/statements/bulkcorrection/").content.decode()
    assert "Aleksandar Vulin" in page and "Phone call" in page
    assert f">{vulin.pk}</td>" not in page
    correction = BulkCorrection.objects.get(action="add_participant")
    detail = editor.get(f"/admin/statements/bulkcorrection/{correction.pk}/change/")
    assert "Aleksandar Vulin" in detail.content.decode()


def test_a_correction_run_by_the_worker_logs_each_statement(demo, editor_user, settings):
    settings.BULK_INLINE_MAX = 2
    request_correction("hide", Statement.objects.values_list("pk", flat=True), editor_user)
    assert not LogEntry.objects.filter(content_type__model="statement").exists()
    call_command("import_worker", "--once", stdout=StringIO())
    logged = LogEntry.objects.filter(content_type__model="statement", user__username="editor")
    assert logged.count() == 7
    assert all("Hide (bulk correction" in entry.change_message for entry in logged)
