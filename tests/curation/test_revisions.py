"""Editors' changes as revisions: history, diff and restore, and what a reimport keeps."""

import json

from django.contrib.admin.models import LogEntry

from statements.importers.run import import_paths
from statements.models import Participant, Statement
from tests.admin.actions import run_action

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
        # The rows shown (participants and their roles), without the empty extra ones.
        data[f"{management.prefix}-TOTAL_FORMS"] = management.initial["INITIAL_FORMS"]
        for row in formset.formset.initial_forms:
            for name, field in row.fields.items():
                value = row.initial.get(name, field.initial)
                if value is not None:
                    data[row.add_prefix(name)] = getattr(value, "pk", value)
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
    run_action(editor, CHANGELIST, "set_kind", [statement.pk], kind="interview")
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
    run_action(editor, CHANGELIST, "remove_participant", [statement.pk], participant=lavrov.pk)
    assert lavrov not in statement.participants.all()
    import_paths([jsonl(tmp_path, [{**POST, "text": POST["text"] + " Again."}])], "mfa")
    assert lavrov not in statement.participants.all()
    conflict = statement.revisions.get(applied=False)
    assert conflict.fields["participants"] == [lavrov.pk]
