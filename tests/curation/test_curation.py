"""Editors' curation in the admin: history and restore, bulk corrections, merges."""

import json
from io import StringIO

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command

from statements.importers.run import import_paths
from statements.models import (
    BulkCorrection,
    Participant,
    ParticipantMerge,
    Statement,
    StatementRevision,
)
from tests import factories as make

CHANGELIST = "/admin/statements/statement/"


def change_form_data(client, url: str) -> dict:
    """What the admin's change form would post back unchanged, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        elif isinstance(value, list) and value and hasattr(value[0], "pk"):
            value = [item.pk for item in value]
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data


def jsonl(tmp_path, records, name="posts.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


POST = {
    "id": 1,
    "date": "2024-05-06T10:00:00+00:00",
    "text": "Sergey Lavrov held talks with Marko Đurić in Moscow about the situation in Kosovo.",
}


def test_an_editors_change_is_a_revision_with_a_diff_and_can_be_restored(demo, editor):
    statement = Statement.objects.order_by("pk").first()
    old_title = statement.title
    url = f"{CHANGELIST}{statement.pk}/change/"
    data = change_form_data(editor, url)
    data["title"] = "Lavrov and Đurić: talks in Moscow"
    data["kind"] = "meeting"
    assert editor.post(url, data).status_code == 302

    statement.refresh_from_db()
    assert statement.title == "Lavrov and Đurić: talks in Moscow"
    revision = statement.revisions.get()
    assert revision.changed_by.username == "editor"
    assert revision.fields["title"] == old_title
    assert "title" in statement.editor_fields

    versions = editor.get(f"{CHANGELIST}{statement.pk}/versions/")
    assert versions.status_code == 200
    html = versions.content.decode()
    assert "<del>" in html and "<ins>" in html
    assert "Lavrov and Đurić: talks in Moscow" in html

    restored = editor.post(f"{CHANGELIST}{statement.pk}/versions/", {"version": 1})
    assert restored.status_code == 302
    statement.refresh_from_db()
    assert statement.title == old_title
    assert statement.revisions.count() == 2  # the restore is itself a change, undoable
    assert statement.revisions.first().note.startswith("restored version 1")
    assert LogEntry.objects.filter(object_id=str(statement.pk), change_message__contains="Restored")


def test_versions_compare_any_two_and_bad_numbers_fall_back(demo, editor):
    statement = Statement.objects.order_by("pk").first()
    page = editor.get(f"{CHANGELIST}{statement.pk}/versions/?older=x&newer=99")
    assert page.status_code == 200
    assert "The two versions are the same" in page.content.decode()
    assert editor.get(f"{CHANGELIST}999999/versions/").status_code == 404
    refused = editor.post(f"{CHANGELIST}{statement.pk}/versions/", {"version": "0"})
    assert refused.status_code == 302
    assert statement.revisions.count() == 0


def test_a_reimport_keeps_an_editors_change_and_records_the_conflict(db, tmp_path, editor):
    import_paths([jsonl(tmp_path, [POST])], source_slug="mfa")
    statement = Statement.objects.get()
    assert statement.kind != "interview"
    editor.post(
        CHANGELIST,
        {
            "action": "set_kind",
            "_selected_action": [statement.pk],
            "index": 0,
            "apply": "1",
            "kind": "interview",
        },
    )
    statement.refresh_from_db()
    assert statement.kind == "interview"
    assert statement.editor_fields == ["kind"]

    edited = {**POST, "text": POST["text"] + " The meeting was held at the ministry."}
    run = import_paths([jsonl(tmp_path, [edited])], source_slug="mfa")
    assert run.updated == 1
    statement.refresh_from_db()
    assert statement.kind == "interview"  # the editor's choice stays
    assert statement.text.endswith("held at the ministry.")  # the source's new text arrives
    conflict = statement.revisions.get(applied=False)
    assert conflict.note.startswith("conflict")
    assert conflict.fields["kind"] != "interview"  # what the import would have set
    assert import_paths([jsonl(tmp_path, [edited])], source_slug="mfa").unchanged == 1


def test_a_participant_an_editor_removed_is_not_linked_again_by_a_reimport(
    participants, tmp_path, editor
):
    import_paths([jsonl(tmp_path, [POST])], source_slug="mfa")
    statement = Statement.objects.get()
    lavrov = Participant.objects.get(name="Sergey Lavrov")
    assert lavrov in statement.participants.all()
    editor.post(
        CHANGELIST,
        {
            "action": "remove_participant",
            "_selected_action": [statement.pk],
            "index": 0,
            "apply": "1",
            "participant": lavrov.pk,
        },
    )
    assert lavrov not in statement.participants.all()
    import_paths([jsonl(tmp_path, [{**POST, "text": POST["text"] + " Again."}])], "mfa")
    assert lavrov not in statement.participants.all()
    conflict = statement.revisions.get(applied=False)
    assert conflict.fields["participants"] == [lavrov.pk]


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
    assert asking.status_code == 200 and b"Apply" in asking.content  # asks for the kind first
    done = editor.post(
        f"{CHANGELIST}?kind__exact=phone_call",
        {
            "action": "set_kind",
            "select_across": "1",
            "index": 0,
            "_selected_action": ["0"],
            "apply": "1",
            "kind": "remarks",
        },
    )
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
    editor.post(
        CHANGELIST,
        {
            "action": "add_participant",
            "_selected_action": unlinked[:2],
            "index": 0,
            "apply": "1",
            "participant": vulin.pk,
        },
    )
    after = client.get("/api/statements/", {"q": "person:aleksandar-vulin"}).json()["count"]
    assert after == before + 2
    assert client.get("/api/statements/", {"q": "Vulin"}).json()["count"] >= after


def test_a_big_correction_runs_in_the_worker_with_progress(demo, editor, settings):
    settings.BULK_INLINE_MAX = 2
    total = Statement.objects.count()
    response = editor.post(
        CHANGELIST,
        {"action": "hide", "select_across": "1", "index": 0, "_selected_action": ["0"]},
        follow=True,
    )
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
    editor.post(
        CHANGELIST,
        {"action": "reenrich", "_selected_action": [statement.pk, other.pk], "index": 0},
    )
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
        CHANGELIST, {"action": "hide", "_selected_action": [statement.pk], "index": 0}
    )
    assert response.status_code in (200, 302, 403)
    statement.refresh_from_db()
    assert statement.status == "published"
    assert client.post(f"{CHANGELIST}{statement.pk}/versions/", {"version": 1}).status_code == 403


def test_merge_moves_links_and_spellings_redirects_and_can_be_undone(demo, editor, client):
    djuric = Participant.objects.get(name="Marko Đurić")
    duplicate = make.participant("M. Djuric (MFA Serbia)", aliases=["Марко Джурич"])
    extra = Statement.objects.exclude(participants=djuric).first()
    extra.participants.add(duplicate)
    extra.refresh_links_text()
    linked_before = set(djuric.statements.values_list("pk", flat=True))
    old_url = duplicate.get_absolute_url()

    asking = editor.post(
        "/admin/statements/participant/",
        {"action": "merge", "_selected_action": [djuric.pk, duplicate.pk], "index": 0},
    )
    assert asking.status_code == 200 and b"Keep" in asking.content
    editor.post(
        "/admin/statements/participant/",
        {
            "action": "merge",
            "_selected_action": [djuric.pk, duplicate.pk],
            "index": 0,
            "apply": "1",
            "survivor": djuric.pk,
        },
    )
    assert not Participant.objects.filter(pk=duplicate.pk).exists()
    djuric.refresh_from_db()
    assert "M. Djuric (MFA Serbia)" in djuric.aliases
    assert set(djuric.statements.values_list("pk", flat=True)) == linked_before | {extra.pk}
    redirect = client.get(old_url)
    assert (redirect.status_code, redirect["Location"]) == (302, djuric.get_absolute_url())
    merge = ParticipantMerge.objects.get()
    assert merge.merged_by.username == "editor"
    assert LogEntry.objects.filter(change_message__contains="Merged M. Djuric")

    editor.post(
        "/admin/statements/participantmerge/",
        {"action": "undo", "_selected_action": [merge.pk], "index": 0},
    )
    restored = Participant.objects.get(pk=duplicate.pk)
    assert (restored.slug, restored.aliases) == (duplicate.slug, ["Марко Джурич"])
    assert list(restored.statements.all()) == [extra]
    djuric.refresh_from_db()
    assert "M. Djuric (MFA Serbia)" not in djuric.aliases
    assert set(djuric.statements.values_list("pk", flat=True)) == linked_before
    assert client.get(old_url).status_code == 200
    merge.refresh_from_db()
    assert merge.undone_at is not None
    again = editor.post(
        "/admin/statements/participantmerge/",
        {"action": "undo", "_selected_action": [merge.pk], "index": 0},
        follow=True,
    )
    assert "already undone" in again.content.decode()


def test_an_unknown_participant_slug_is_still_a_404(db, client):
    assert client.get("/participants/nobody-at-all/").status_code == 404
