"""A search's result, found once: exact when small, a sample of it when big; its count;
and the whole archive, whose size is known without reading it (see SEARCH-NOTES.md)."""

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router, transaction
from django.db.models import Max, Min, Q
from django.db.models.expressions import RawSQL

from statements.models import Hashtag, Participant, Source, Statement
from statements.querysets import StatementQuerySet
from statements.search.totals import kept

# Bigger results than the exact-count cap (the SEARCH_EXACT_COUNT_CAP setting) are
# sampled: about this many of their statements are read, in this many id stripes.
SAMPLE_SIZE = 2_500
SAMPLE_STRIPES = 64
# A result the planner expects to be this many times the cap is sampled at once.
HUGE_PLAN_FACTOR = 20
FACET_COLUMNS = ("pk", "kind", "source_id", "language", "sort_date")
# For reading a result: the full-text index, never a scan of every vector (see SEARCH-NOTES);
# memory enough for an exact bitmap of a word in every statement (a lossy one would check
# every row of its pages again).
SEARCH_PLANNER = {"enable_seqscan": "off", "work_mem": "64MB"}


def exact_count_cap() -> int:
    """Results up to this size are counted exactly and their facets counted in full."""
    return settings.SEARCH_EXACT_COUNT_CAP


@dataclass
class FoundStatements:
    """A search's result, found once: a queryset over the ids read, and their
    FACET_COLUMNS rows. Exact, or a sample holding `share` of the result."""

    queryset: StatementQuerySet | None
    rows: list
    count: int
    exact: bool
    share: float = 1.0
    # Whether `count` is exact (the whole result was read, or its size is known otherwise).
    count_exact: bool | None = None

    def __post_init__(self):
        if self.count_exact is None:
            self.count_exact = self.exact

    @property
    def scale(self) -> float:
        """How many statements of the result one sampled row stands for."""
        return 1 / self.share if self.share else 1.0


def find(statements: StatementQuerySet) -> FoundStatements:
    """The statements' ids and the few columns facets and the timeline count, fetched in
    one query when there are at most exact_count_cap() of them. A bigger result is not read
    whole: a sample of it is, and its size is estimated from the sample."""
    cap = exact_count_cap()
    planned = planned_rows(statements)
    if planned <= HUGE_PLAN_FACTOR * cap:
        with planner_settings(**SEARCH_PLANNER):
            rows = list(statements.order_by().values_list(*FACET_COLUMNS)[: cap + 1])
        if len(rows) <= cap:
            return FoundStatements(_with_ids(statements, rows), rows, len(rows), exact=True)
        # The rows come in table order, mostly id order: how far the first `cap` reached
        # says roughly how many there are, when the planner thinks too few.
        # (A high percentile, not the maximum: parallel workers interleave a few far rows.)
        reached = sorted(row[0] for row in rows)[len(rows) * 98 // 100]
        planned = max(planned, _extrapolated(statements, reached, cap))
    return sampled(statements, planned)


def _extrapolated(statements: StatementQuerySet, reached: int, cap: int) -> int:
    bounds = statements.model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    covered = max(1, reached - bounds["low"] + 1)
    return round((cap + 1) * (bounds["high"] - bounds["low"] + 1) / covered)


def sampled(statements: StatementQuerySet, expected: int) -> FoundStatements:
    """A systematic sample of the statements: those in SAMPLE_STRIPES evenly spaced id
    ranges covering `share` of all ids, sized to hold about SAMPLE_SIZE of them. Ids
    follow import order, so the sample spans the whole archive, and the count it gives
    (sample / share) is an honest estimate."""
    bounds = statements.model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return FoundStatements(statements.none(), [], 0, exact=True)
    low, span = bounds["low"], bounds["high"] - bounds["low"] + 1
    share = min(1.0, SAMPLE_SIZE / max(expected, 1))
    limit = 4 * SAMPLE_SIZE
    for _ in range(4):
        stripes, share = id_stripes(low, span, share)
        with planner_settings(**SEARCH_PLANNER):
            sample = statements.order_by().filter(stripes).values_list(*FACET_COLUMNS)
            rows = list(sample[: limit + 1])
        if len(rows) > limit:
            share /= 8
        elif len(rows) < SAMPLE_SIZE / 4 and share < 1:
            share = min(1.0, share * SAMPLE_SIZE / max(len(rows), 1))
        else:
            break
    rows = rows[:limit]
    exact = share >= 1.0
    count = len(rows) if exact else round_estimate(len(rows) / share)
    return FoundStatements(_with_ids(statements, rows), rows, count, exact=exact, share=share)


def _with_ids(statements: StatementQuerySet, rows: list) -> StatementQuerySet:
    chosen = RawSQL("SELECT unnest(%s::bigint[])", [[row[0] for row in rows]])
    return statements.model.objects.filter(pk__in=chosen)


def planned_rows(queryset: models.QuerySet) -> int:
    """The planner's estimate of the rows a queryset returns (EXPLAIN, not running it)."""
    try:
        plan = json.loads(queryset.order_by().explain(format="json"))
    except (EmptyResultSet, ValueError):  # a filter that can match nothing plans nothing
        return 0
    return int(plan[0]["Plan"]["Plan Rows"])


def estimated_count(queryset: models.QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """How many rows: exact up to the cap (counting stops there), else the planner's
    estimate, never below the cap. Returns (count, exact)."""
    cap = exact_count_cap() if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    if counted <= cap:
        return counted, True
    return max(planned_rows(queryset), cap + 1), False


def id_stripes(low: int, span: int, share: float) -> tuple[Q, float]:
    """Evenly spaced id ranges covering about `share` of the ids from low on; and the
    share they really cover."""
    if share >= 1.0:
        return Q(), 1.0
    step = span / SAMPLE_STRIPES
    width = max(1, round(step * share))
    condition = Q()
    for stripe in range(SAMPLE_STRIPES):
        start = low + round(stripe * step)
        condition |= Q(pk__gte=start, pk__lt=start + width)
    return condition, min(1.0, width * SAMPLE_STRIPES / span)


def round_estimate(value: float) -> int:
    """An estimate to two significant figures: 298,533 is about 300,000."""
    if value < 100:
        return round(value)
    digits = len(str(int(value))) - 2
    return int(round(value, -digits))


def scaled(count: int, scale: float) -> int:
    return count if scale == 1 else round_estimate(count * scale)


@contextmanager
def planner_settings(**values: str) -> Iterator[None]:
    """Planner settings for the queries inside, restored after (within the transaction)."""
    # Settings made local to a transaction: the search's own (the time limit), or one here.
    alias = router.db_for_read(None)
    reading = connections[alias]
    outer = nullcontext() if reading.in_atomic_block else transaction.atomic(using=alias)
    with outer, reading.cursor() as cursor:
        pairs = list(values.items())
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(pairs)),
            [item for pair in pairs for item in pair],
        )
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
                [list(values)],
            )


def archive_overview() -> dict:
    """The archive's totals and most named people and hashtags: counting them reads every
    statement, so they are computed once every few minutes, not for every visitor."""

    def overview():
        return {
            "statement_count": Statement.objects.listed().count(),
            "participant_count": Participant.objects.count(),
            "hashtag_count": Hashtag.objects.count(),
            "source_count": Source.objects.count(),
            "top_participants": list(Participant.objects.most_used()[:12]),
            "top_hashtags": list(Hashtag.objects.most_used()[:12]),
        }

    return kept("archive-overview", overview)


def whole_archive() -> FoundStatements | None:
    """The unfiltered archive as a found result when it is too big to count each time: its
    size known (archive_overview), its rows not read (pages come from the date index).
    None for an archive small enough to be found like any search."""
    count = archive_overview()["statement_count"]
    if count <= exact_count_cap():
        return None
    return FoundStatements(None, [], count, exact=False, share=1.0, count_exact=True)
