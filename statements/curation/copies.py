"""What makes two statements one post, which copy of a post counts, and promotion.

A post repeated in another source (a forward, a repost, the scrape of an exported post)
is stored once per source. One copy is canonical; the others are its appearances
(`Statement.duplicate_of` points to the canonical one), so search counts the post once.
The canonical copy is the earliest (`models.publication_order`, `StatementQuerySet.earliest_first`).

Copies are matched whatever the status of the archived one: a new copy of a post an
editor hid is hidden too, and one of a post waiting for review waits as well, so no
import makes public what an editor hid (or has not yet seen).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q

from statements.curation import revisions
from statements.models import (
    DuplicateGroup,
    Source,
    Statement,
    StatementRevision,
    publication_order,
)

# The note of the revisions a promotion writes.
PROMOTED = "a copy that says when it was published became the canonical statement"
# Copies of one post are published within this many days of each other.
DUPLICATE_WINDOW_DAYS = 30


def earliest(statements: Iterable[Statement]) -> Statement:
    """The copy that is canonical unless an editor decides otherwise."""
    return min(statements, key=lambda s: publication_order(s.published_at, s.pk))


def same_post(statement: Statement, source: Source, published_at: datetime | None) -> bool:
    """Whether a statement with the same words, in another source, is the same post: not a
    recurring title published weeks apart."""
    if statement.source_id == source.pk:
        return False
    if statement.published_at and published_at:
        return abs(statement.published_at - published_at) <= timedelta(days=DUPLICATE_WINDOW_DAYS)
    return True


def copy_status(canonical: Statement | None, status: str) -> str:
    """The status of a new statement: the one its source gives (`status`), unless it
    repeats a post an editor hid (hidden) or has not reviewed yet (new)."""
    if canonical is None or status == Statement.Status.HIDDEN:
        return status
    if canonical.status == Statement.Status.HIDDEN:
        return Statement.Status.HIDDEN
    if canonical.status == Statement.Status.NEW:
        return Statement.Status.NEW
    return status


def promote_if_better(copy: Statement) -> None:
    """Make a copy the canonical statement when it says when it was published and the
    canonical one does not (a scrape without dates, then the channel's export), unless an
    editor has decided which copy is canonical. Each statement whose link moves has a
    revision."""
    canonical = copy.duplicate_of
    if canonical.published_at or not copy.published_at or copies_decided(canonical):
        return
    moved = Statement.objects.filter(Q(pk=canonical.pk) | Q(duplicate_of=canonical)).exclude(
        pk=copy.pk
    )
    ids = [*moved.values_list("pk", flat=True), copy.pk]
    with revisions.changes_recorded(ids, None, PROMOTED):
        moved.update(duplicate_of=copy)
        Statement.objects.filter(pk=copy.pk).update(duplicate_of=None)
    copy.duplicate_of = None


def copies_decided(canonical: Statement) -> bool:
    """Whether an editor has said which statements repeat this one: a duplicate group of it
    confirmed or split, or an editor's change of its own or a copy's link."""
    decided = DuplicateGroup.objects.filter(members=canonical).exclude(
        status=DuplicateGroup.Status.PENDING
    )
    by_editor = StatementRevision.objects.filter(
        Q(statement=canonical) | Q(statement__duplicate_of=canonical),
        changed_by__isnull=False,
        applied=True,
        fields__has_key="duplicate_of",
    )
    return decided.exists() or by_editor.exists()
