"""The index pages' numbers: how many statements each participant, hashtag and source has,
counted as searches count them (listed: published, each post once), and a page of an
index in either order (A–Z or by count).

A page A–Z counts its own items only: one grouped count over their links. A page by count
needs every item's number, so the whole archive's are counted in one grouped pass, kept
until the archive changes (totals.kept): never a query per item, never every statement for
each page.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Min, QuerySet

from statements.models import LINK_MODELS, SearchRow
from statements.search.totals import kept

INDEX_PAGE_SIZE = 100
INDEX_SORTS = [("name", "A–Z"), ("count", "Most statements")]


def listed_counts(relation: str, ids: list[int] | None = None) -> Counter:
    """Listed statements per participant or hashtag (`relation`): of the given ids, or of
    every one that has any."""
    links = LINK_MODELS[relation].objects.filter(
        statement_id__in=SearchRow.objects.listed().values("pk")
    )
    if ids is not None:
        links = links.filter(**{f"{relation}_id__in": ids})
    column = f"{relation}_id"
    rows = (
        links.order_by().values_list(column).annotate(count=Count("*")).values_list(column, "count")
    )
    return Counter(dict(rows))


def archive_counts(relation: str) -> Counter:
    """listed_counts of every participant or hashtag, kept until the archive changes."""
    return kept(f"index-counts:{relation}", lambda: listed_counts(relation))


@dataclass
class IndexPage:
    """One page of an index: its items (each with `statement_count` set), its number, how
    many pages and items there are."""

    items: list
    number: int
    num_pages: int
    count: int

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


class PastTheLastPage(Exception):
    """A page number beyond the index's last page."""


def index_page(items: QuerySet, relation: str, sort: str, number: int) -> IndexPage:
    """Page `number` (from 1) of the items, A–Z (sort "name") or by count, most first, then
    A–Z. Raises PastTheLastPage for a page beyond the last (page 1 always exists)."""
    if sort == "count":
        by_count = ByCount(items, relation)
        total = by_count.count()
        chosen = _slice(by_count, number, total)
    else:
        total = items.count()
        chosen = list(_slice(items.order_by("name", "pk"), number, total))
        counts = listed_counts(relation, [item.pk for item in chosen])
        for item in chosen:
            item.statement_count = counts.get(item.pk, 0)
    return IndexPage(chosen, number, _pages(total), total)


class ByCount:
    """Participants or hashtags (`relation`), most listed statements first, then A–Z, read
    a slice at a time as a queryset is (the API's lists page through it), each with
    `statement_count` set: the archive's counts, kept until it changes."""

    def __init__(self, items: QuerySet, relation: str):
        self.items = items
        self.counts = archive_counts(relation)
        named = items.order_by().values_list("pk", "name")
        order = sorted(
            named, key=lambda row: (-self.counts.get(row[0], 0), row[1].casefold(), row[0])
        )
        self.ids = [pk for pk, _ in order]

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, part: slice) -> list:
        ids = self.ids[part]
        by_id = self.items.in_bulk(ids)
        chosen = [by_id[pk] for pk in ids if pk in by_id]
        for item in chosen:
            item.statement_count = self.counts.get(item.pk, 0)
        return chosen


def _pages(total: int) -> int:
    return max(1, -(-total // INDEX_PAGE_SIZE))


def _slice(rows, number: int, total: int):
    if number > _pages(total):
        raise PastTheLastPage(number)
    start = (number - 1) * INDEX_PAGE_SIZE
    return rows[start : start + INDEX_PAGE_SIZE]


def source_numbers() -> dict[int, dict]:
    """Per source: its listed statements, the first and last of their dates (one grouped
    pass, kept until the archive changes)."""

    def count():
        rows = (
            SearchRow.objects.listed()
            .order_by()
            .values("source_id")
            .annotate(count=Count("*"), first=Min("sort_date"), last=Max("sort_date"))
        )
        return {row["source_id"]: row for row in rows}

    return kept("index-counts:source", count)
