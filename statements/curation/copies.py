"""What makes two statements one post, which copy of a post counts, and promotion.

A post repeated in another source (a forward, a repost, the scrape of an exported post)
is stored once per source. One copy is canonical; the others are its appearances
(`Statement.duplicate_of` points to the canonical one), so search counts the post once.
The canonical copy is the earliest: published first, undated ones last, then the lowest id.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.db.models import F, Q, QuerySet

from statements.models import Source, Statement

# Copies of one post are published within this many days of each other.
DUPLICATE_WINDOW_DAYS = 30

PUBLICATION_ORDER = (F("published_at").asc(nulls_last=True), "pk")


def publication_order(published_at: datetime | None, pk: int) -> tuple:
    """The sort key of the earliest copy first: published first, undated ones last, then
    the lowest id (the order of PUBLICATION_ORDER, in Python)."""
    return (published_at is None, published_at or datetime.min.replace(tzinfo=UTC), pk)


def earliest(statements: Iterable[Statement]) -> Statement:
    """The copy that is canonical unless an editor decides otherwise."""
    return min(statements, key=lambda s: publication_order(s.published_at, s.pk))


def earliest_first(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    return statements.order_by(*PUBLICATION_ORDER)


def same_post(statement: Statement, source: Source, published_at: datetime | None) -> bool:
    """Whether a statement with the same words, in another source, is the same post: not a
    recurring title published weeks apart."""
    if statement.source_id == source.pk:
        return False
    if statement.published_at and published_at:
        return abs(statement.published_at - published_at) <= timedelta(days=DUPLICATE_WINDOW_DAYS)
    return True


def promote_if_better(copy: Statement) -> None:
    """Make a copy the canonical statement when it says when it was published and the
    canonical one does not (a scrape without dates, then the channel's export)."""
    canonical = copy.duplicate_of
    if canonical.published_at or not copy.published_at:
        return
    Statement.objects.filter(Q(pk=canonical.pk) | Q(duplicate_of=canonical)).exclude(
        pk=copy.pk
    ).update(duplicate_of=copy)
    Statement.objects.filter(pk=copy.pk).update(duplicate_of=None)
    copy.duplicate_of = None
