"""A found result with what the pages show beside it: its facets and its timeline."""

from collections import Counter

from statements.querysets import StatementQuerySet
from statements.search.facets import BY_NAME, FACET_LIMIT, count_facets
from statements.search.results import (
    HUGE_PLAN_FACTOR,
    FoundStatements,
    exact_count_cap,
    find,
    listed_per_month,
    planned_rows,
    sampled,
    whole_archive,
)
from statements.search.timeline import timeline_periods
from statements.search.totals import kept, kept_for

Panels = tuple[FoundStatements, dict, list[dict]]
# What a found whole archive keeps of its result for the pages (its statements are not kept).
KEPT_FIELDS = ("groups", "share", "exact", "sample_share", "sample_size")


def found_with_panels(statements: StatementQuerySet) -> Panels:
    """The result found once (ids and facet columns, or a sample of a big result), its
    facets and its timeline."""
    found = find(statements)
    facets = facets_of_found(found)
    months = found.groups.get("month", Counter())
    periods = timeline_periods(months, with_totals=True, scale=found.scale)
    return found, facets, periods


def facets_of_found(found: FoundStatements) -> dict[str, list[dict]]:
    """The facets of a found result, counted once per state of the archive and kept."""
    return kept_for("facets", found.queryset, lambda: count_facets(found))


def archive_with_panels(statements: StatementQuerySet) -> Panels:
    """found_with_panels for the whole archive. A big archive's sample, facets and
    timeline are the same for every visitor, so they are computed once every few minutes
    (its size too: listed_count); a small archive's are found like any search's."""
    found = whole_archive()
    if found is None:
        return found_with_panels(statements)

    def compute():
        # Its facets counted on a sample, its timeline exact (the months of every statement
        # are counted anyway, for the shares of every search's timeline).
        sample = sampled(statements, found.count)
        dated = Counter({month: n for month, n in listed_per_month().items() if month})
        periods = timeline_periods(dated, with_totals=True)
        kept_fields = {name: getattr(sample, name) for name in KEPT_FIELDS}
        return kept_fields, count_facets(sample), periods

    kept_fields, facets, periods = kept("unfiltered-result", compute)
    for name, value in kept_fields.items():
        setattr(found, name, value)
    return found, facets, periods


def panels_for(statements: StatementQuerySet, narrows: bool) -> Panels:
    """The panels of a search: its own, or the whole archive's (kept a few minutes)."""
    return (found_with_panels if narrows else archive_with_panels)(statements)


def exact_facet(statements: StatementQuerySet, narrows: bool, name: str) -> list[dict] | None:
    """One facet of a search, counted exactly; None when only an estimate could be had
    (a big result, or the whole of a big archive), not to mix it with exact counts."""
    if not narrows:
        if whole_archive() is not None:
            return None
        return archive_with_panels(statements)[1][name]
    if planned_rows(statements) > HUGE_PLAN_FACTOR * exact_count_cap():  # counted on a sample
        return None
    found = find(statements)
    return BY_NAME[name].count(found, FACET_LIMIT) if found.exact else None
