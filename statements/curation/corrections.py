"""Corrections an editor applies to many statements at once.

Each correction is a BulkCorrection row: small ones are applied at once, big ones are
queued for the worker (`manage.py import_worker`), which applies them in chunks and
writes its progress where the admin shows it. Every changed statement gets a revision
naming the editor (and an entry in the admin log), so each change can be seen and undone.
Before it is asked for, `to_change` tells exactly which statements of a selection a
correction would change.
"""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
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
from statements.querysets import StatementQuerySet
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
    """The participant or hashtag a correction names by id, else its text (a kind, the
    reason for hiding)."""
    if correction.action in (Action.ADD_PARTICIPANT, Action.REMOVE_PARTICIPANT):
        return Participant.objects.get(pk=correction.argument)
    if correction.action in (Action.ADD_HASHTAG, Action.REMOVE_HASHTAG):
        return Hashtag.objects.get(pk=correction.argument)
    return correction.argument


def argument_label(correction: BulkCorrection) -> str:
    """What a correction's argument names, as an editor reads it: the participant's or
    hashtag's name (not its id), the kind's label, the reason for hiding."""
    if not correction.argument:
        return ""
    if correction.action == Action.SET_KIND:
        return dict(Kind.choices).get(correction.argument, correction.argument)
    try:
        return str(resolve_argument(correction))
    except (Participant.DoesNotExist, Hashtag.DoesNotExist, ValueError):
        return f"{correction.argument} (no longer in the archive)"


def correction_note(correction: BulkCorrection) -> str:
    """The note of each revision a correction makes."""
    note = f"bulk correction {correction.pk}: {correction.get_action_display().lower()}"
    return note + reason_of(correction)


def reason_of(correction: BulkCorrection) -> str:
    """The editor's reason for hiding, as the notes give it ("" for none)."""
    if correction.action == Action.HIDE and correction.argument:
        return f" (reason: {correction.argument})"
    return ""


def apply_chunk(
    correction: BulkCorrection, change: Change, argument: object, chunk: list[int]
) -> int:
    """One chunk: change, then a revision for each statement that changed."""
    before = revisions.snapshots(chunk)
    change(chunk, argument)
    after = revisions.snapshots(chunk)
    note = correction_note(correction)
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
    log_changes(correction, [revision.statement_id for revision in new])
    return len(new)


def log_changes(correction: BulkCorrection, changed: list[int]) -> None:
    """An admin log entry for each statement the correction changed, in the worker too."""
    if correction.requested_by_id is None or not changed:
        return
    LogEntry.objects.log_actions(
        correction.requested_by_id,
        Statement.objects.filter(pk__in=changed).only("pk", "title", "media", "media_count"),
        CHANGE,
        change_message=f"{correction.get_action_display()} (bulk correction {correction.pk})"
        + reason_of(correction),
        single_object=False,
    )


def linked_to(target: Participant | Hashtag) -> Exists:
    """A statement is linked to the target (a participant or a hashtag)."""
    name = target._meta.model_name
    links = LINK_MODELS[name].objects.filter(statement_id=OuterRef("pk"), **{name: target})
    return Exists(links)


# Which statements of a selection each correction changes, given its resolved argument.
# Re-running enrichment is missing: only running it tells.
TO_CHANGE: dict[str, Callable[[QuerySet, Any], QuerySet]] = {
    Action.SET_KIND: lambda statements, kind: statements.exclude(kind=kind),
    Action.ADD_PARTICIPANT: lambda statements, target: statements.filter(~linked_to(target)),
    Action.REMOVE_PARTICIPANT: lambda statements, target: statements.filter(linked_to(target)),
    Action.ADD_HASHTAG: lambda statements, target: statements.filter(~linked_to(target)),
    Action.REMOVE_HASHTAG: lambda statements, target: statements.filter(linked_to(target)),
    Action.PUBLISH: lambda statements, _: statements.exclude(status=Statement.Status.PUBLISHED),
    Action.HIDE: lambda statements, _: statements.exclude(status=Statement.Status.HIDDEN),
}


def to_change(
    action: str, statements: StatementQuerySet, argument: object = None
) -> StatementQuerySet | None:
    """The statements of a selection that the correction would change (a confirmation
    states how many; applying it then changes exactly these); None for re-running
    enrichment, whose changes only running it tells."""
    chooses = TO_CHANGE.get(action)
    return chooses(statements, argument) if chooses else None


def set_kind(chunk: list[int], kind: str) -> None:
    if kind not in Kind.values:
        raise ValueError(f"unknown kind {kind!r}")
    to_change(Action.SET_KIND, Statement.objects.filter(pk__in=chunk), kind).update(kind=kind)


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


def set_status(action: str, status: str) -> Change:
    def change(chunk: list[int], _: object) -> None:
        to_change(action, Statement.objects.filter(pk__in=chunk)).update(status=status)

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
    Action.PUBLISH: set_status(Action.PUBLISH, Statement.Status.PUBLISHED),
    Action.HIDE: set_status(Action.HIDE, Statement.Status.HIDDEN),
    Action.REENRICH: reenrich,
}
