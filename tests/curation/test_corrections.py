"""Bulk corrections from the statement list: inline or in the worker, with permissions."""

from io import StringIO

from django.contrib.auth.models import Permission
from django.core.management import call_command

from statements.models import BulkCorrection, Participant, Statement, StatementRevision
from tests.admin.actions import run_action

CHANGELIST = "/admin/statements/statement/"


def test_bulk_set_kind_on_a_whole_filtered_list(demo, editor):
    phone_calls = Statement.objects.filter(kind="phone_call")
    others = Statement.objects.exclude(kind="phone_call").count()
    before_remarks = Statement.objects.filter(kind="remarks").count()
    count = phone_calls.count()
    assert count >= 1
    asking = editor.post(
        f"{CHANGELIST}?kind__exact=phone_call",
        {"action": "set_kind", "select_across": "1", "index": 0, "_selected_action": ["0"]},
    )
    assert asking.status_code == 200 and asking.context["counts"] is None  # the kind first
    asked, done = run_action(
        editor, f"{CHANGELIST}?kind__exact=phone_call", "set_kind", kind="remarks"
    )
    assert (asked.context["counts"].selected, asked.context["counts"].changing) == (count, count)
    assert done.status_code == 302
    assert not Statement.objects.filter(kind="phone_call").exists()
    assert Statement.objects.exclude(kind="remarks").count() == others - before_remarks
    correction = BulkCorrection.objects.get()
    assert (correction.total, correction.changed, correction.status) == (count, count, "finished")
    revisions = StatementRevision.objects.filter(changed_by__username="editor")
    assert revisions.count() == count
    assert {r.fields["kind"] for r in revisions} == {"phone_call"}


def test_bulk_add_participant_makes_search_find_them(demo, editor, client):
    vulin = Participant.objects.get(name="Aleksandar Vulin")
    unlinked = list(Statement.objects.exclude(participants=vulin).values_list("pk", flat=True))
    before = client.get("/api/statements/", {"q": "person:aleksandar-vulin"}).json()["count"]
    run_action(editor, CHANGELIST, "add_participant", unlinked[:2], participant=vulin.pk)
    after = client.get("/api/statements/", {"q": "person:aleksandar-vulin"}).json()["count"]
    assert after == before + 2
    assert client.get("/api/statements/", {"q": "Vulin"}).json()["count"] >= after


def test_a_big_correction_runs_in_the_worker_with_progress(demo, editor, settings):
    settings.BULK_INLINE_MAX = 2
    total = Statement.objects.count()
    _, response = run_action(editor, CHANGELIST, "hide", follow=True, reason="test")
    assert "queued for the worker" in response.content.decode()
    correction = BulkCorrection.objects.get()
    assert correction.status == "queued" and correction.done == 0
    assert Statement.objects.filter(status="hidden").count() == 0

    listing = editor.get("/admin/statements/bulkcorrection/")
    assert f"0 of {total} done" in listing.content.decode()
    call_command("import_worker", "--once", stdout=StringIO())
    correction.refresh_from_db()
    assert (correction.status, correction.done, correction.changed) == ("finished", total, total)
    assert Statement.objects.filter(status="hidden").count() == total


def test_reenrich_leaves_fields_the_editor_set(demo, editor):
    statement = Statement.objects.order_by("pk").first()
    Statement.objects.filter(pk=statement.pk).update(kind="other", editor_fields=["kind"])
    other = Statement.objects.order_by("pk")[1]
    detected = other.kind
    Statement.objects.filter(pk=other.pk).update(kind="other")
    run_action(editor, CHANGELIST, "reenrich", [statement.pk, other.pk])
    statement.refresh_from_db()
    other.refresh_from_db()
    assert statement.kind == "other"
    assert other.kind == detected


def test_a_user_without_change_permission_cannot_correct(demo, client, django_user_model):
    viewer = django_user_model.objects.create_user(
        "viewer", password="pw-12345-long", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_statement"))
    client.force_login(viewer)
    statement = Statement.objects.first()
    response = client.post(
        CHANGELIST,
        {
            "action": "hide",
            "_selected_action": [statement.pk],
            "index": 0,
            "counting": "1",
            "confirm": "1",
            "reason": "test",
            "counted_selected": "1",
            "counted_changing": "1",
        },
    )
    assert response.status_code in (200, 302, 403)
    statement.refresh_from_db()
    assert statement.status == "published"
    assert client.post(f"{CHANGELIST}{statement.pk}/versions/", {"version": 1}).status_code == 403
