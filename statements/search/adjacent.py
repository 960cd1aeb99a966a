"""The results just before and after one result of a search, in the search's order, for a
statement page reached from that search.

The search's query string says which page listed the result (page, and its cursor for a
deep page). That page is read again, and at its ends the page before or after it: at most
three pages, never the whole result. When the page no longer lists the result (the archive
changed, or the link was edited), nothing is offered rather than a wrong neighbour.
"""

from dataclasses import dataclass

from django.http import QueryDict

from statements.models import Statement
from statements.querysets import StatementQuerySet
from statements.search.paging import PAGE_SIZE, ResultPage, page_number, page_of
from statements.search.results import FoundStatements


@dataclass(frozen=True)
class Step:
    """A neighbouring result and the query string of the search page that lists it."""

    statement: Statement
    query: str

    @property
    def url(self) -> str:
        return f"{self.statement.get_absolute_url()}?{self.query}"


@dataclass(frozen=True)
class Adjacent:
    previous: Step | None
    next: Step | None


def adjacent_results(
    statements: StatementQuerySet,
    found: FoundStatements,
    sort: str,
    params: QueryDict,
    pk: int,
    size: int = PAGE_SIZE,
) -> Adjacent | None:
    """The results before and after the statement `pk` in the search `params` (filtered,
    found and sorted as `statements`, `found`, `sort`); None when the page the parameters
    name does not list it."""

    def page_at(query: QueryDict) -> ResultPage:
        number = page_number(query.get("page"))
        after, before = query.get("after", ""), query.get("before", "")
        return page_of(statements, found, sort, number, size, after=after, before=before)

    page = page_at(params)
    ids = [row.pk for row in page.object_list]
    if pk not in ids:
        return None
    here = ids.index(pk)
    following, preceding = page.link_queries(params)
    same_page = params.urlencode()
    if here > 0:
        previous = Step(page.object_list[here - 1], same_page)
    else:
        previous = _end_of(page_at, preceding, last=True)
    if here + 1 < len(ids):
        after = Step(page.object_list[here + 1], same_page)
    else:
        after = _end_of(page_at, following, last=False)
    return Adjacent(previous, after)


def _end_of(page_at, query: str, last: bool) -> Step | None:
    """The last (or first) result of the page the query string names ("" for none)."""
    if not query:
        return None
    rows = page_at(QueryDict(query)).object_list
    if not rows:
        return None
    return Step(rows[-1] if last else rows[0], query)
