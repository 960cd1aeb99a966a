"""Corrections an editor applies to many statements at once.

Each correction is a BulkCorrection row: small ones are applied at once, big ones are
queued for the worker (`manage.py import_worker`), which applies them in chunks and
writes its progress where the admin shows it. Every changed statement gets a revision
naming the editor, so each change can be seen and undone.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from statements.curation import revisions
from statements.models import (
    LINK_MODELS,
    BulkCorrection,
    Hashtag,
    Participant,
    Statement,
    StatementParticipant,
    StatementRevision,
    sort_date_for,
)
from statements.search.totals import archive_changed
from statements.text.classify import detect_kind, detect_language
from statements.text.events import extract_event
from statements.text.names import ParticipantMatcher
from statements.vocabulary import Kind

logger = logging.getLogger(__name__)

CHUNK = 500
Action = BulkCorrection.Action
# A change of a chunk of statement ids, given the correction's resolved argument.
Change = Callable[[list[int], Any], None]


def request_correction(
    action: str, statement_ids: Iterable[int], user: AbstractBaseUser | None, argument: object = ""
) -> BulkCorrection:
    """The correction, applied now when the selection is small, else queued."""
    correction = BulkCorrection.objects.create(
        action=action,
        argument=str(argument),
        statement_ids=sorted(statement_ids),
        requested_by=user,
    )
    if correction.total <= settings.BULK_INLINE_MAX:
        apply_correction(correction)
    return correction


def apply_correction(correction: BulkCorrection) -> BulkCorrection:
    """Apply chunk by chunk, each in its own transaction; progress is saved after each, so
    a correction stopped part way resumes after the last finished chunk."""
    BulkCorrection.objects.filter(pk=correction.pk).update(status=BulkCorrection.Status.RUNNING)
    try:
        change = CHANGES[correction.action]
        argument = resolve_argument(correction)
        for start in range(correction.done, correction.total, CHUNK):
            chunk = correction.statement_ids[start : start + CHUNK]
            with transaction.atomic():
                changed = apply_chunk(correction, change, argument, chunk)
                correction.done = start + len(chunk)
                correction.changed += changed
                correction.save(update_fields=["done", "changed"])
        correction.status = BulkCorrection.Status.FINISHED
    except (KeyboardInterrupt, SystemExit):
        BulkCorrection.objects.filter(pk=correction.pk).update(status=BulkCorrection.Status.QUEUED)
        raise
    except Exception as exc:  # noqa: BLE001 - a failed correction is reported, not fatal
        logger.exception("Bulk correction %s failed", correction.pk)
        correction.status = BulkCorrection.Status.FAILED
        correction.message = str(exc)[:1000]
    correction.finished_at = timezone.now()
    correction.save(update_fields=["status", "message", "finished_at"])
    archive_changed()
    return correction


def resolve_argument(correction: BulkCorrection) -> Participant | Hashtag | str:
    """The participant or hashtag a correction names by id, else its text."""
    if correction.action in (Action.ADD_PARTICIPANT, Action.REMOVE_PARTICIPANT):
        return Participant.objects.get(pk=correction.argument)
    if correction.action in (Action.ADD_HASHTAG, Action.REMOVE_HASHTAG):
        return Hashtag.objects.get(pk=correction.argument)
    return correction.argument


def apply_chunk(
    correction: BulkCorrection, change: Change, argument: object, chunk: list[int]
) -> int:
    """One chunk: change, then a revision for each statement that changed."""
    before = revisions.snapshots(chunk)
    change(chunk, argument)
    after = revisions.snapshots(chunk)
    note = f"bulk correction {correction.pk}: {correction.get_action_display().lower()}"
    new = [
        revision
        for pk in chunk
        if pk in before
        and (
            revision := revisions.revision_for(
                pk, before[pk], after[pk], correction.requested_by, note
            )
        )
    ]
    StatementRevision.objects.bulk_create(new)
    if correction.action not in (Action.PUBLISH, Action.HIDE, Action.REENRICH):
        revisions.protect_fields({r.statement_id: set(r.fields) for r in new})
    return len(new)


def set_kind(chunk: list[int], kind: str) -> None:
    if kind not in Kind.values:
        raise ValueError(f"unknown kind {kind!r}")
    Statement.objects.filter(pk__in=chunk).exclude(kind=kind).update(kind=kind)


def link(chunk: list[int], target: Participant | Hashtag) -> None:
    """Link each statement to the target (a participant or a hashtag)."""
    name = target._meta.model_name
    links = LINK_MODELS[name]
    links.objects.bulk_create(
        [links(statement_id=pk, **{f"{name}_id": target.pk}) for pk in chunk],
        ignore_conflicts=True,
    )
    Statement.objects.filter(pk__in=chunk).refresh_names_text()


def unlink(chunk: list[int], target: Participant | Hashtag) -> None:
    """Unlink each statement from the target."""
    name = target._meta.model_name
    LINK_MODELS[name].objects.filter(statement_id__in=chunk, **{f"{name}_id": target.pk}).delete()
    Statement.objects.filter(pk__in=chunk).refresh_names_text()


def set_status(status: str) -> Change:
    def change(chunk: list[int], _: object) -> None:
        Statement.objects.filter(pk__in=chunk).exclude(status=status).update(status=status)

    return change


def reenrich(chunk: list[int], _: object) -> None:
    """Detect kind, event date, place and language again from the text as it is now, and
    link the participants it names; fields an editor set by hand are left alone."""
    matcher = ParticipantMatcher(list(Participant.objects.all()))
    links = []
    for statement in Statement.objects.filter(pk__in=chunk):
        mine = set(statement.editor_fields)
        detected = {"kind": detect_kind(statement.title, statement.text)}
        detected["event_date"], detected["event_date_text"], detected["location"] = extract_event(
            statement.title, statement.text, statement.published_at
        )
        detected["language"] = detect_language(
            f"{statement.title}\n{statement.text}", statement.language
        )
        changed = {
            k: v for k, v in detected.items() if k not in mine and getattr(statement, k) != v
        }
        if changed:
            for name, value in changed.items():
                setattr(statement, name, value)
            changed["sort_date"] = sort_date_for(statement.published_at, statement.event_date)
            Statement.objects.filter(pk=statement.pk).update(**changed)
        if "participants" not in mine:
            links += [
                StatementParticipant(statement_id=statement.pk, participant_id=p.pk)
                for p in matcher.find(statement.title, statement.text)
            ]
    StatementParticipant.objects.bulk_create(links, ignore_conflicts=True)
    Statement.objects.filter(pk__in=chunk).refresh_names_text()


CHANGES = {
    Action.SET_KIND: set_kind,
    Action.ADD_PARTICIPANT: link,
    Action.REMOVE_PARTICIPANT: unlink,
    Action.ADD_HASHTAG: link,
    Action.REMOVE_HASHTAG: unlink,
    Action.PUBLISH: set_status(Statement.Status.PUBLISHED),
    Action.HIDE: set_status(Statement.Status.HIDDEN),
    Action.REENRICH: reenrich,
}
