"""Merging participants: links and spellings move, the old page redirects, undo restores."""

from django.contrib.admin.models import LogEntry

from statements.models import Participant, ParticipantMerge, Statement
from tests import factories as make


def test_merge_moves_links_and_spellings_redirects_and_can_be_undone(demo, editor, client):
    djuric = Participant.objects.get(name="Marko Đurić")
    duplicate = make.participant("M. Djuric (MFA Serbia)", aliases=["Марко Джурич"])
    extra = Statement.objects.exclude(participants=djuric).first()
    extra.participants.add(duplicate)
    extra.refresh_names_text()
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
