"""A search's result, found once: its exact count, and what facets and the timeline count
(kind, source, language, month), exact up to a large bound and estimated from a sample
above it; and the whole archive, whose size is known without reading it. Results are read
from the narrow search rows (statements/models/search_rows.py; see SEARCH-NOTES.md)."""

import json
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router, transaction
from django.db.models import Count, F, Max, Min, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth

from statements.models import Hashtag, Participant, SearchRow, Source
from statements.querysets import StatementQuerySet
from statements.search.totals import kept, kept_for

# Results bigger than the exact cap (the SEARCH_EXACT_COUNT_CAP setting) that the planner
# expects to be this many times the cap have their facets counted on a sample: about
# SAMPLE_SIZE of their statements, in SAMPLE_STRIPES id stripes. Their count stays exact.
SAMPLE_SIZE = 2_500
SAMPLE_STRIPES = 64
HUGE_PLAN_FACTOR = 2
# A result the planner expects up to this many times the cap is ranked as it is counted
# (its estimate of a phrase or of words with a person can be far out, both ways; one found
# bigger than the cap after all is ranked in tiers, see paging.tiered_ids).
RANK_PLAN_FACTOR = 1.5
# The ids of a result up to this size are kept with it, for the link facets to count.
IDS_KEPT_UP_TO = 20_000
# An unfiltered archive up to this size is counted for every visitor; a bigger one's
# numbers are kept a few minutes (listed_count, panels.archive_with_panels).
COUNTED_EACH_TIME = 5_000
FACET_COLUMNS = ("pk", "kind", "source_id", "language", "sort_date")
# What a result's groups count: its statements per kind, source, language and month.
GROUPED = ("kind", "source", "language", "month")
# For reading a result: the full-text index, never a scan of every vector (see SEARCH-NOTES);
# memory enough for an exact bitmap of a word in every statement (a lossy one would check
# every row of its pages again).
SEARCH_PLANNER = {"enable_seqscan": "off", "work_mem": "64MB"}


def exact_count_cap() -> int:
    """Results up to this size have their facets, timeline and relevance order exact."""
    return settings.SEARCH_EXACT_COUNT_CAP


@dataclass
class FoundStatements:
    """A search's result, found once: its statements (None for the whole of a big archive),
    their exact count, and their numbers per kind, source, language and month (`groups`),
    exact or counted on a sample holding `share` of the result."""

    queryset: StatementQuerySet | None
    count: int
    exact: bool
    groups: dict[str, Counter] = field(default_factory=dict)
    share: float = 1.0
    # The ids of a small result, read with its groups (link facets count them).
    ids: array | None = None
    # The ids of every match in relevance order, for a result ranked whole (read with its
    # groups, in one pass: see counted_in_one_pass).
    ranking: array | None = None
    # The ids of the sampled statements, for a result whose numbers are counted on a
    # sample, and the share of the result it holds.
    sample_ids: list[int] | None = None
    sample_share: float = 1.0
    sample_size: int = 0

    @property
    def ranked_exactly(self) -> bool:
        """Whether its relevance order ranks every match (see paging.page_of)."""
        return self.count <= exact_count_cap()

    def for_links(self) -> tuple[models.Expression | StatementQuerySet, float]:
        """The statement ids the participant and hashtag facets count, and how many
        statements of the result each stands for: the ids of a small result, read with it;
        of a bigger one a sample's (counting the links of every match of a word in a tenth
        of a million statements reads some 200,000 links)."""
        if self.ids is not None:
            return _unnested(self.ids), 1.0
        if self.sample_ids is None and self.queryset is not None:
            found = sampled(self.queryset, self.count)
            self.sample_ids, self.sample_share = found.sample_ids, found.sample_share
            self.sample_size = found.sample_size
        if self.sample_ids is None:
            return _unnested([]), 1.0
        return _unnested(self.sample_ids), 1 / self.sample_share

    @property
    def scale(self) -> float:
        """How many statements of the result one sampled row stands for."""
        return 1 / self.share if self.share else 1.0


def _unnested(ids: Sequence[int]) -> RawSQL:
    return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])


def find(statements: StatementQuerySet) -> FoundStatements:
    """The result of a search: found once per state of the archive and kept (all of it but
    its queryset), so the same search asked again, its next page, the API's next cursor
    and the steps through it from a statement page do not read its matches again."""

    def found_now() -> FoundStatements:
        found = _found(statements)
        found.queryset = None
        return found

    return replace(kept_for("found", statements, found_now), queryset=statements)


def found_unranked(statements: StatementQuerySet) -> FoundStatements:
    """find(), for a page that lists no statement by rank (the concordance, the network):
    counted and grouped as a search is, not ranked (ranking reads every match's vector)."""
    return find(statements.sorted_by("newest"))


def _found(statements: StatementQuerySet) -> FoundStatements:
    """The result's exact count with its groups, in one pass that ranks it too when it is
    listed by relevance and expected small enough to rank whole. A huge result (the planner
    expects HUGE_PLAN_FACTOR times the cap) is counted exactly and grouped on a sample,
    marked as such."""
    cap = exact_count_cap()
    with planner_settings(**SEARCH_PLANNER):
        planned = planned_rows(statements)
        if planned <= HUGE_PLAN_FACTOR * cap:
            rank = planned <= RANK_PLAN_FACTOR * cap and listed_by_rank(statements)
            count, groups, ids = counted_in_one_pass(statements, rank, cap)
            return FoundStatements(
                statements,
                count,
                exact=True,
                groups=groups,
                ids=ids if count <= IDS_KEPT_UP_TO else None,
                ranking=ids if rank and ids is not None else None,
            )
        count = statements.order_by().count()
    found = sampled(statements, count)
    found.count = count
    return found


def listed_by_rank(statements: StatementQuerySet) -> bool:
    """Whether the statements are listed by their rank (sorted_by("relevance"))."""
    first = statements.query.order_by[:1]
    return bool(first) and getattr(first[0], "expression", None) == F("rank")


def counted_in_one_pass(
    statements: StatementQuerySet, rank: bool, cap: int
) -> tuple[int, dict[str, Counter], array | None]:
    """The statements' count, their numbers per kind, source, language and month
    (GROUPING SETS) and, up to `cap` of them, their ids (in relevance order when `rank`),
    from one reading of the matches: a filter that reads each match (a phrase checked on
    the text, a person) is worked out once, not for the count, the groups and the order."""
    columns = ["pk", "kind", "source_id", "language", "sort_date"] + (["rank"] if rank else [])
    try:
        sql, params = statements.order_by().values(*columns).query.sql_with_params()
    except EmptyResultSet:
        return 0, {name: Counter() for name in GROUPED}, array("q")
    order = "rank DESC, sort_date DESC NULLS LAST, pk DESC" if rank else "pk"
    query = (
        f"WITH result AS MATERIALIZED ({sql})"
        " SELECT -1, NULL, NULL, NULL, NULL, count(*),"
        f" CASE WHEN count(*) <= %s THEN array_agg(pk ORDER BY {order}) END FROM result"
        " UNION ALL"
        " SELECT GROUPING(kind, source_id, language, month), kind, source_id, language, month,"
        " count(*), NULL FROM (SELECT kind, source_id, language,"
        " date_trunc('month', sort_date AT TIME ZONE 'UTC')::date AS month FROM result) AS rows"
        " GROUP BY GROUPING SETS ((kind), (source_id), (language), (month))"
    )
    alias = router.db_for_read(statements.model)
    with connections[alias].cursor() as cursor:
        cursor.execute(query, [*params, cap])
        rows = cursor.fetchall()
    # GROUPING() sets a bit for each column left out: 0b0111 is the kind set, and so on.
    sets = {0b0111: ("kind", 1), 0b1011: ("source", 2), 0b1101: ("language", 3)}
    sets[0b1110] = ("month", 4)
    groups = {name: Counter() for name in GROUPED}
    count, ids = 0, None
    for row in rows:
        if row[0] == -1:
            count, ids = row[5], None if row[6] is None else array("q", row[6])
            continue
        name, column = sets[row[0]]
        if name != "month" or row[column] is not None:
            groups[name][row[column]] = row[5]
    return count, groups, ids


def groups_of_rows(rows: list) -> dict[str, Counter]:
    """The numbers per kind, source, language and month of FACET_COLUMNS rows read into
    Python (a sample)."""
    return {
        "kind": Counter(row[1] for row in rows),
        "source": Counter(row[2] for row in rows),
        "language": Counter(row[3] for row in rows),
        "month": Counter(month_of(row[4]) for row in rows if row[4] is not None),
    }


def month_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date().replace(day=1)


def sampled(statements: StatementQuerySet, expected: int) -> FoundStatements:
    """A systematic sample of the statements: those in SAMPLE_STRIPES evenly spaced id
    ranges covering `share` of all ids, sized to hold about SAMPLE_SIZE of them. Ids
    follow import order, so the sample spans the whole archive, and the count it gives
    (sample / share) is an honest estimate."""
    bounds = statements.model.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return FoundStatements(statements.none(), 0, exact=True, groups=groups_of_rows([]))
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
    return FoundStatements(
        statements,
        count,
        exact=exact,
        groups=groups_of_rows(rows),
        share=share,
        sample_ids=[row[0] for row in rows],
        sample_share=share,
        sample_size=len(rows),
    )


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
        yield
        # Not after a failed query: its transaction is aborted and takes the settings with it.
        cursor.execute(
            "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
            [list(values)],
        )


def archive_overview() -> dict:
    """The archive's totals and most named people and hashtags: counting them reads every
    statement, so they are computed once every few minutes, not for every visitor."""

    def overview():
        return {
            "statement_count": listed_count(),
            "participant_count": Participant.objects.count(),
            "hashtag_count": Hashtag.objects.count(),
            "source_count": Source.objects.count(),
            "top_participants": list(Participant.objects.most_used()[:12]),
            "top_hashtags": list(Hashtag.objects.most_used()[:12]),
        }

    return kept("archive-overview", overview)


def listed_per_month() -> Counter:
    """All listed statements per month (None for the undated), counted in one pass once
    every few minutes: the whole archive's timeline and its size (listed_count)."""

    def count_months() -> Counter:
        month = TruncMonth("sort_date", tzinfo=UTC)
        rows = (
            SearchRow.objects.listed()
            .order_by()
            .annotate(period=month)
            .values_list("period")
            .annotate(count=Count("*"))
            .values_list("period", "count")
        )
        return Counter({period and period.date(): number for period, number in rows})

    return kept("statements-per-month", count_months)


def listed_count() -> int:
    """How many statements the archive lists (the home page's overview counts its people
    and hashtags too, which the search pages need not wait for: a second and a half at a
    million statements)."""
    return sum(listed_per_month().values())


def whole_archive() -> FoundStatements | None:
    """The unfiltered archive as a found result when it is too big to count each time: its
    size known (listed_count), its rows not read (pages come from the date index).
    None for an archive small enough to be found like any search."""
    count = listed_count()
    if count <= COUNTED_EACH_TIME:
        return None
    return FoundStatements(None, count, exact=False)
