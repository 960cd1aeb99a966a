"""Pages of a found result, and cursors that reach deep pages of big results."""

from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from django.contrib.postgres.search import SearchRank
from django.db import models
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.http import QueryDict

from statements.querysets import StatementQuerySet
from statements.search.compile import compiled_query
from statements.search.querystring import edit_query
from statements.search.results import (
    SEARCH_PLANNER,
    FoundStatements,
    exact_count_cap,
    planned_rows,
    planner_settings,
)
from statements.search.totals import kept_for

PAGE_SIZE = 20
MAX_PAGE_NUMBER = 10**6
Cursor = tuple[datetime | None, int]


@dataclass
class ResultPage:
    """One page of a result: its statements, and how to reach the pages around it. Deep
    pages of big results are reached by cursor (the last row's date and id), not offset."""

    object_list: list
    number: int
    count: int
    size: int
    has_next: bool
    next_cursor: str = ""
    previous_cursor: str = ""
    # Links to the pages around it ("" for none), once they are made (see with_links).
    next_url: str = field(default="")
    previous_url: str = field(default="")

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def link_queries(self, params: QueryDict) -> tuple[str, str]:
        """Query strings of the next and previous pages ("" for none), by cursor where
        the page has one."""

        def query(number: int, cursor: dict) -> str:
            return edit_query(params, drop=("page", "after", "before"), page=number, **cursor)

        following = {"after": self.next_cursor} if self.next_cursor else {}
        preceding = {"before": self.previous_cursor} if self.previous_cursor else {}
        return (
            query(self.number + 1, following) if self.has_next else "",
            query(self.number - 1, preceding) if self.has_previous else "",
        )


def page_number(text: str | None) -> int:
    """The page asked for; anything that is not a page number is the first page."""
    try:
        return min(max(1, int(text)), MAX_PAGE_NUMBER)
    except (TypeError, ValueError):
        return 1


def past_the_last_page(number: int, count: int, size: int) -> bool:
    """Whether a page number lies beyond a result's last page (an empty result has page 1):
    such a page does not exist, on the pages and in the API alike."""
    return number > 1 and (number - 1) * size >= count


def page_of(
    statements: StatementQuerySet,
    found: FoundStatements,
    sort: str,
    number: int,
    size: int,
    after: str = "",
    before: str = "",
) -> ResultPage:
    """The page of a found result in the sort order asked for: every match is on a page,
    in every order, and the pages hold exactly `found.count` statements.

    Date orders read the date index; deep pages of big results are reached by cursor.
    Relevance ranks every match (ts_rank) when there are at most exact_count_cap() of them;
    above that, ranking them all would read every vector, so the matches in a title or a
    name come first, ranked on those alone, then all the others newest first.
    """
    result = found.queryset if found.queryset is not None else statements
    if sort == "relevance" and compiled_query(result) is None:
        sort = "newest"  # nothing to rank by without words
    keyed = sort in ("newest", "oldest") and found.count > exact_count_cap()
    cursor = parse_cursor(after or before) if keyed else None
    if cursor is not None:
        rows = keyset_rows(result, sort, cursor, size + 1, backwards=bool(before))
    else:
        number = min(number, max(1, -(-found.count // size)))
        offset = (number - 1) * size
        if sort == "relevance" and found.count > exact_count_cap():
            ids = tiered_ids(result, offset, size + 1)
        elif sort == "relevance":
            ranking = found.ranking
            if ranking is None:
                ranking = ranked_ids(result.sorted_by(sort))
            ids = list(ranking[offset : offset + size + 1])
        else:
            # The ids first (a deep offset is then skipped in the index), then their rows.
            ids = list(
                result.sorted_by(sort).values_list("pk", flat=True)[offset : offset + size + 1]
            )
        rows = in_order(result, ids)
    has_next = len(rows) > size
    rows = rows[-size:] if before and cursor is not None else rows[:size]
    page = ResultPage(rows, number, found.count, size, has_next or bool(before))
    if keyed and rows:
        page.next_cursor = make_cursor(rows[-1])
        page.previous_cursor = make_cursor(rows[0]) if number > 2 else ""
    return page


def ranked_ids(ordered: StatementQuerySet) -> array:
    """The ids of these statements in their order, ranked once per search and state of the
    archive: ranking reads the vector of every match, so paging on, or asking again, reads
    the ranking kept (a few minutes, or until the archive changes), not the vectors. The
    matches are found in the full-text index, as a result's are (SEARCH_PLANNER): a plan
    that scans every row to rank the matches of a word and a person took seven times as
    long at a million statements."""
    ids = ordered.values_list("pk", flat=True)

    def ranking() -> array:
        with planner_settings(**SEARCH_PLANNER):
            return array("q", ids)

    return kept_for("ranking", ids, ranking)


def tiered_ids(result: StatementQuerySet, offset: int, limit: int) -> list[int]:
    """Ids of the relevance order of a result too big to rank whole: its title and name
    hits ranked (on the whole vector when they are few enough, else on the title and
    names), then the rest newest first."""
    query = compiled_query(result)
    heads = result.filter(head_vector=query)
    if planned_rows(heads) <= exact_count_cap():
        # Few enough to rank on the whole vector (ts_rank, as below the cap).
        heads = heads.sorted_by("relevance")
    else:
        heads = heads.annotate(head_rank=SearchRank(F("head_vector"), query)).order_by(
            F("head_rank").desc(), F("sort_date").desc(nulls_last=True), "-pk"
        )
    ranked_heads = ranked_ids(heads)
    ids = list(ranked_heads[offset : offset + limit])
    if len(ids) < limit:
        rest = result.exclude(head_vector=query).sorted_by("newest")
        start = max(0, offset - len(ranked_heads))
        ids += list(rest.values_list("pk", flat=True)[start : start + limit - len(ids)])
    return ids


def in_order(result: StatementQuerySet, ids: list[int]) -> list:
    """The statements of these ids, as shown on a page, in this order: only those still
    listed (ids read from a ranking kept a moment before a statement was hidden)."""
    by_id = result.statement_model().objects.listed().for_display().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


class Dated(Protocol):
    """A row a cursor points at: a statement, or what a concordance line quotes of one."""

    pk: int
    sort_date: datetime | None


def make_cursor(statement: Dated) -> str:
    moment = statement.sort_date.isoformat() if statement.sort_date else ""
    return f"{moment}~{statement.pk}"


def parse_cursor(text: str | None) -> Cursor | None:
    """(sort_date or None, id) from a cursor; None when it is not one."""
    moment, _, pk = (text or "").partition("~")
    if not pk.isdigit() or len(pk) > 18:
        return None
    if not moment:
        return None, int(pk)
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)), int(pk)


def keyset_rows(
    ordered: StatementQuerySet, sort: str, cursor: Cursor, limit: int, backwards: bool = False
) -> list:
    """The rows after (or before) the cursor's row in the sort order, from the index."""
    return in_order(ordered, keyset_ids(ordered, sort, cursor, limit, backwards))


def keyset_ids(
    ordered: StatementQuerySet, sort: str, cursor: Cursor, limit: int, backwards: bool = False
) -> list[int]:
    """The ids of the rows after (or before) the cursor's row in the sort order, in it."""
    moment, pk = cursor
    ordered = ordered.sorted_by(sort)
    later = (sort == "newest") == backwards  # the rows wanted sort after the cursor's in time
    if moment is None:
        # Undated statements come last, by id: only the undated part is left.
        rows = ordered.filter(sort_date__isnull=True)
        rows = rows.filter(pk__gt=pk) if later else rows.filter(pk__lt=pk)
    else:
        rows = ordered.filter(beyond(ordered, ">" if later else "<", moment, pk))
    if backwards:
        rows = rows.reverse()
    ids = list(rows.values_list("pk", flat=True)[:limit])
    if not backwards and moment is not None and len(ids) < limit:
        undated = ordered.filter(sort_date__isnull=True).values_list("pk", flat=True)
        ids += list(undated[: limit - len(ids)])
    return ids[::-1] if backwards else ids


def beyond(statements: StatementQuerySet, operator: str, moment: datetime, pk: int) -> RawSQL:
    """(sort_date, id) compared with a row's as a pair, so the date index is read in order."""
    table = statements.model._meta.db_table
    return RawSQL(
        f'("{table}"."sort_date", "{table}"."id") {operator} (%s, %s)',
        [moment, pk],
        output_field=models.BooleanField(),
    )
