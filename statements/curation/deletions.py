"""Posts the channel deleted: what a sync notices, kept in the archive and marked.

A sync sees a stretch of the channel's posts (the preview pages it read). An archived
post of that source whose id lies inside the stretch but which the preview no longer
shows was deleted at the source: it is marked with the time that was noticed, never
removed from the archive. A marked post shown again is unmarked. Each mark and unmark
is a revision of the statement.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from statements.curation.revisions import revision_for, snapshots
from statements.models import ImportRun, Source, Statement, StatementRevision
from statements.search.totals import changes_the_archive

MARKED_NOTE = "deleted at the source: a sync no longer found it between its neighbours"
UNMARKED_NOTE = "shown at the source again: a sync found it"


@dataclass
class SourceDeletions:
    """What a look at a stretch of the channel changed."""

    marked: int = 0
    unmarked: int = 0


def shown_ids_of(statement: Statement) -> range:
    """The message ids a statement stands for: an album merged from several messages
    stands for each of them (the preview may show it under any)."""
    first = statement.source_message_id
    return range(first, first + max(statement.media_count, 1))


@changes_the_archive
def notice_deletions(
    source: Source, shown: Iterable[int], run: ImportRun | None = None
) -> SourceDeletions:
    """Mark the source's statements inside the stretch of `shown` message ids that the
    stretch does not show; unmark those it shows again."""
    shown = set(shown)
    if not shown:
        return SourceDeletions()
    in_stretch = Statement.objects.filter(
        source=source, source_message_id__range=(min(shown), max(shown))
    ).only("pk", "source_message_id", "media_count", "deleted_at_source")
    gone, back = [], []
    for statement in in_stretch:
        is_shown = not shown.isdisjoint(shown_ids_of(statement))
        if not is_shown and statement.deleted_at_source is None:
            gone.append(statement.pk)
        elif is_shown and statement.deleted_at_source is not None:
            back.append(statement.pk)
    with transaction.atomic():
        _set_mark(gone, timezone.now(), run, MARKED_NOTE)
        _set_mark(back, None, run, UNMARKED_NOTE)
    return SourceDeletions(marked=len(gone), unmarked=len(back))


def _set_mark(statement_ids: list[int], value, run: ImportRun | None, note: str) -> None:
    if not statement_ids:
        return
    before = snapshots(statement_ids)
    Statement.objects.filter(pk__in=statement_ids).update(deleted_at_source=value)
    after = snapshots(statement_ids)
    revisions = [
        revision
        for pk in statement_ids
        if (revision := revision_for(pk, before[pk], after[pk], None, note)) is not None
    ]
    for revision in revisions:
        revision.import_run = run
    StatementRevision.objects.bulk_create(revisions)
