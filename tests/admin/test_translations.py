"""Translation pairs in the admin, as an editor: the pairs to review with their reasons,
confirmed or rejected, every decision logged; a rejected pair is not suggested again."""

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from statements.curation.translations import find_translation_pairs
from statements.models import TranslationPair
from tests import factories

CHANGELIST = "admin:statements_translationpair_changelist"


def pending_pair() -> TranslationPair:
    english = factories.statement(
        factories.source("MFA Russia"),
        "Lavrov spoke with Djuric",
        text="A short readout.",
        language="en",
        kind="phone_call",
        published_at="2024-05-06T12:00Z",
    )
    factories.statement(
        factories.source("МИД России", "mid-russia"),
        "Телефонный разговор С.В.Лаврова",
        text="Длинное сообщение о разговоре. " * 3,
        language="ru",
        kind="phone_call",
        published_at="2024-05-06T09:00Z",
    )
    find_translation_pairs()
    pair = TranslationPair.objects.get()
    assert pair.status == TranslationPair.Status.PENDING
    assert english.pk in (pair.first_id, pair.second_id)
    return pair


def test_an_editor_sees_the_pairs_to_review_with_both_versions_and_the_reasons(db, editor):
    pair = pending_pair()
    listing = editor.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert "Lavrov spoke with Djuric" in listing.text
    page = editor.get(reverse("admin:statements_translationpair_change", args=[pair.pk]))
    assert page.status_code == 200
    assert "Телефонный разговор С.В.Лаврова" in page.text
    assert "same day" in page.text


def test_an_editor_confirms_a_pair_and_the_decision_is_logged(db, editor, editor_user):
    pair = pending_pair()
    response = editor.post(
        reverse(CHANGELIST), {"action": "confirm_selected", "_selected_action": [pair.pk]}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == TranslationPair.Status.CONFIRMED
    assert pair.decided_by == editor_user
    assert (
        LogEntry.objects.filter(change_message=f"Translation pair #{pair.pk}: confirmed").count()
        == 2
    )


def test_a_pair_an_editor_rejected_is_not_suggested_again(db, editor):
    pair = pending_pair()
    editor.post(reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [pair.pk]})
    pair.refresh_from_db()
    assert pair.status == TranslationPair.Status.REJECTED
    counts = find_translation_pairs()
    assert counts["known"] == 1 and counts["suggested"] == counts["linked"] == 0
    assert TranslationPair.objects.get().status == TranslationPair.Status.REJECTED
