"""Statements around one statement: its neighbours in its source, related statements,
and the other copies of the same post."""

from collections import Counter

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import F, Q

from statements.models import LINK_MODELS, Statement
from statements.querysets import StatementQuerySet
from statements.search.paging import beyond

# Candidates per person or hashtag on each side; titles alike within this many nearest.
RELATED_CANDIDATES = 30
RELATED_TITLE_CANDIDATES = 400
TITLE_SIMILARITY = 0.3
# A shared participant outweighs any number of shared hashtags.
WEIGHTS = (("participant", 1000), ("hashtag", 1))


def neighbours(
    statements: StatementQuerySet, statement: Statement
) -> tuple[Statement | None, Statement | None]:
    """The statements of the same source just before and after this one, in time
    (undated ones first, by id): each read from the (source, date) index."""
    same_source = statements.filter(source_id=statement.source_id)
    dated = same_source.filter(sort_date__isnull=False)
    undated = same_source.filter(sort_date__isnull=True)
    if statement.sort_date is None:
        previous = undated.filter(pk__lt=statement.pk).order_by("-pk").first()
        following = (
            undated.filter(pk__gt=statement.pk).order_by("pk").first()
            or dated.order_by("sort_date", "pk").first()
        )
        return previous, following
    backwards = [F("sort_date").desc(nulls_first=True), F("pk").desc()]
    previous = (
        dated.filter(beyond(statements, "<", statement.sort_date, statement.pk))
        .order_by(*backwards)
        .first()
        or undated.order_by("-pk").first()
    )
    following = (
        dated.filter(beyond(statements, ">", statement.sort_date, statement.pk))
        .order_by("sort_date", "pk")
        .first()
    )
    return previous, following


def related_to(statements: StatementQuerySet, statement: Statement, limit: int = 5) -> list:
    """Statements near this one in time that share most of its participants (then
    hashtags); then, of the statements nearest in time, those whose titles read alike.

    Candidates are read from the link tables by id nearby (ids follow import order),
    RELATED_CANDIDATES per person or hashtag on each side: bounded however many
    statements a person has.
    """
    shared = _shared_links(statements, statement)
    ranked = sorted(shared, key=lambda pk: (-shared[pk], abs(pk - statement.pk)))
    found = statements.filter(pk__in=ranked[: limit * 4]).select_related("source")
    by_id = {s.pk: s for s in found}
    related = [by_id[pk] for pk in ranked if pk in by_id][:limit]
    for other in related:
        other.shared_people = shared[other.pk] // 1000
    if len(related) < limit and statement.title:
        alike = (
            statements.filter(pk__in=nearest_in_time(statements, statement))
            .exclude(pk__in=[s.pk for s in related])
            .annotate(similarity=TrigramSimilarity("title", statement.title))
            .filter(similarity__gt=TITLE_SIMILARITY)
            .order_by("-similarity", "-pk")
            .select_related("source")[: limit - len(related)]
        )
        related += list(alike)
    return related


def _shared_links(statements: StatementQuerySet, statement: Statement) -> Counter:
    """Statements nearby by id, weighted by the participants and hashtags they share."""
    shared = Counter()
    for relation, weight in WEIGHTS:
        links = LINK_MODELS[relation].objects
        linked = links.filter(statement_id=statement.pk).values_list(f"{relation}_id", flat=True)
        for item in linked:
            near = links.filter(**{f"{relation}_id": item}).exclude(statement_id=statement.pk)
            ids = list(
                near.filter(statement_id__lt=statement.pk)
                .order_by("-statement_id")
                .values_list("statement_id", flat=True)[:RELATED_CANDIDATES]
            ) + list(
                near.filter(statement_id__gt=statement.pk)
                .order_by("statement_id")
                .values_list("statement_id", flat=True)[:RELATED_CANDIDATES]
            )
            for pk in ids:
                shared[pk] += weight
    return shared


def nearest_in_time(
    statements: StatementQuerySet, statement: Statement, count: int = RELATED_TITLE_CANDIDATES
) -> list[int]:
    """Ids of the `count` statements nearest this one in time (half before, half
    after), read from the date index; for an undated one, its source's undated ones
    nearest by id."""
    half = count // 2
    if statement.sort_date is None:
        undated = statements.filter(source_id=statement.source_id, sort_date__isnull=True)
        before = undated.filter(pk__lt=statement.pk).order_by("-pk")
        after = undated.filter(pk__gt=statement.pk).order_by("pk")
    else:
        before = statements.filter(sort_date__lte=statement.sort_date).exclude(pk=statement.pk)
        before = before.order_by(F("sort_date").desc(nulls_last=True), "-pk")
        after = statements.filter(sort_date__gt=statement.sort_date).order_by(
            F("sort_date").asc(nulls_last=True), "pk"
        )
    return [
        *before.values_list("pk", flat=True)[:half],
        *after.values_list("pk", flat=True)[:half],
    ]


def copies_of(statements: StatementQuerySet, statement: Statement) -> StatementQuerySet:
    """The other published copies of the same post: its canonical statement and appearances,
    earliest first."""
    canonical_id = statement.duplicate_of_id or statement.pk
    return (
        statements.published()
        .filter(Q(pk=canonical_id) | Q(duplicate_of_id=canonical_id))
        .exclude(pk=statement.pk)
        .select_related("source")
        .earliest_first()
    )
