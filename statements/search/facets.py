"""Facets of a found result: one class per facet; each counts itself over the result and
makes the links that add its values to the search or remove them."""

from collections import Counter
from collections.abc import Callable

from django.db.models import Count, F
from django.http import QueryDict

from statements.models import LINK_MODELS, Source, Statement
from statements.querysets import has_condition
from statements.search.querystring import edit_query
from statements.search.results import FoundStatements, scaled
from statements.text.roles import PARTICIPANT
from statements.vocabulary import HAS, LANGUAGES, Kind

FACET_LIMIT = 12


class Facet:
    """Counted values of one property of a result: rows of slug, name and count."""

    name = ""
    title = ""

    def count(self, found: FoundStatements, limit: int) -> list[dict]:
        raise NotImplementedError

    def selected(self, params: QueryDict, slug: str) -> bool:
        return slug in params.getlist(self.name)

    def toggle(self, params: QueryDict, slug: str) -> str:
        """The search with the value added, or removed when it is selected."""
        chosen = params.getlist(self.name)
        if slug in chosen:
            return edit_query(params, **{self.name: [v for v in chosen if v != slug]})
        return edit_query(params, **{self.name: [*chosen, slug]})

    def links(self, params: QueryDict, rows: list[dict], base: str = "") -> list[dict]:
        return [
            {
                **row,
                "selected": self.selected(params, row["slug"]),
                "url": f"{base}?{self.toggle(params, row['slug'])}",
            }
            for row in rows
        ]


class LinkFacet(Facet):
    """Participants or hashtags, counted on the link tables (`link`: only such links)."""

    relation = ""
    link: dict[str, str] = {}

    def count(self, found: FoundStatements, limit: int) -> list[dict]:
        ids, scale = found.for_links()
        links = LINK_MODELS[self.relation].objects.filter(statement_id__in=ids, **self.link)
        named = links.values(name=F(f"{self.relation}__name"), slug=F(f"{self.relation}__slug"))
        counted = named.annotate(count=Count("*")).order_by("-count", "name")[:limit]
        estimated = scale != 1
        return [
            {**row, "count": scaled(row["count"], scale), "estimated": estimated} for row in counted
        ]


class HasFacet(Facet):
    """What the result's statements have: text, edits by the source, media of each kind
    (one count each; a statement with text and a photo counts in both). Counted on the
    statements' own columns, for the ids the link facets count (a sample's scaled)."""

    name, title = "has", "Has"

    def count(self, found: FoundStatements, limit: int) -> list[dict]:
        ids, scale = found.for_links()
        # Named apart from the columns the conditions read ("text", "media").
        counts = Statement.objects.filter(pk__in=ids).aggregate(
            **{f"has_{what}": Count("pk", filter=has_condition(what)) for what in HAS}
        )
        ranked = sorted(
            ((what, counts[f"has_{what}"]) for what in HAS if counts[f"has_{what}"]),
            key=lambda item: -item[1],
        )
        estimated = scale != 1
        return [
            {"slug": what, "name": HAS[what], "count": scaled(n, scale), "estimated": estimated}
            for what, n in ranked[:limit]
        ]


class ColumnFacet(Facet):
    """A column of the result's statements, from its groups (a sample's scaled)."""

    def values(self, found: FoundStatements) -> Counter:
        return found.groups.get(self.name, Counter())

    def named(self, counts: list[tuple]) -> list[dict]:
        return [{"slug": key, "name": key, "count": n} for key, n in counts]

    def count(self, found: FoundStatements, limit: int) -> list[dict]:
        ranked = sorted(self.values(found).items(), key=lambda item: (-item[1], str(item[0])))
        return marked(found, self.named([(key, scaled(n, found.scale)) for key, n in ranked]))


def marked(found: FoundStatements, rows: list[dict]) -> list[dict]:
    """The rows, each saying whether its count is estimated (from a sample)."""
    return [{**row, "estimated": not found.exact} for row in rows]


class ParticipantFacet(LinkFacet):
    name, title, relation = "participant", "People", "participant"


class TookPartFacet(LinkFacet):
    """The people who took part in the result's statements (not those only mentioned)."""

    name, title, relation = "took_part", "Took part", "participant"
    link = {"role": PARTICIPANT}


class HashtagFacet(LinkFacet):
    name, title, relation = "hashtag", "Hashtags", "hashtag"


class KindFacet(ColumnFacet):
    name, title = "kind", "Kind"

    def named(self, counts: list[tuple]) -> list[dict]:
        kinds = dict(Kind.choices)
        return [{"slug": k, "name": kinds.get(k, k), "count": n} for k, n in counts]


class SourceFacet(ColumnFacet):
    name, title = "source", "Source"

    def named(self, counts: list[tuple]) -> list[dict]:
        sources = {s.pk: s for s in Source.objects.filter(pk__in=[pk for pk, _ in counts])}
        return [
            {"slug": sources[pk].slug, "name": sources[pk].name, "count": n}
            for pk, n in counts
            if pk in sources
        ]

    def count(self, found: FoundStatements, limit: int) -> list[dict]:
        # Limited before naming, so a source deleted meanwhile leaves a gap, not a newcomer.
        ranked = sorted(self.values(found).items(), key=lambda item: (-item[1], str(item[0])))
        return marked(
            found, self.named([(key, scaled(n, found.scale)) for key, n in ranked][:limit])
        )


class LanguageFacet(ColumnFacet):
    name, title = "language", "Language"

    def named(self, counts: list[tuple]) -> list[dict]:
        return [{"slug": c, "name": LANGUAGES.get(c, c), "count": n} for c, n in counts]


class YearFacet(ColumnFacet):
    """Years, newest first; a year is selected as a From–To span of the whole year."""

    name, title = "year", "Year"

    def values(self, found: FoundStatements) -> Counter:
        years = Counter()
        for month, count in found.groups.get("month", Counter()).items():
            years[month.year] += count
        return years

    def count(self, found: FoundStatements, limit: int) -> list[dict]:
        years = sorted(
            ((year, scaled(n, found.scale)) for year, n in self.values(found).items()),
            reverse=True,
        )
        return marked(
            found, [{"slug": str(year), "name": str(year), "count": n} for year, n in years]
        )

    def selected(self, params: QueryDict, slug: str) -> bool:
        span = (f"{slug}-01-01", f"{slug}-12-31")
        return (params.get("date_from"), params.get("date_to")) == span

    def toggle(self, params: QueryDict, slug: str) -> str:
        if self.selected(params, slug):
            return edit_query(params, drop=("page", "date_from", "date_to"))
        return edit_query(params, date_from=f"{slug}-01-01", date_to=f"{slug}-12-31")


FACETS = [
    ParticipantFacet(),
    TookPartFacet(),
    HashtagFacet(),
    KindFacet(),
    SourceFacet(),
    LanguageFacet(),
    YearFacet(),
    HasFacet(),
]
BY_NAME = {facet.name: facet for facet in FACETS}


# Facets whose values a search may hold several of, meaning any of them: each is counted as
# if its own choice were not made, so the other values stay offered (disjunctive facets).
EITHER_OR = ("kind", "source", "language")


def with_other_values(
    facets: dict[str, list[dict]],
    params: QueryDict,
    counted_without: Callable[[str], list[dict] | None],
) -> dict[str, list[dict]]:
    """The facets, with kind, source and language counted over the search less their own
    choice (counted_without(name): that facet of that search, exact, or None to keep the
    result's own counts)."""
    combined = dict(facets)
    for name in EITHER_OR:
        if name in facets and params.getlist(name):
            other = counted_without(name)
            if other is not None:
                combined[name] = other
    return combined


def count_facets(found: FoundStatements, limit: int = FACET_LIMIT) -> dict[str, list[dict]]:
    """Counts per participant, hashtag, kind, source, language, year and what statements
    have, over the result."""
    return {facet.name: facet.count(found, limit) for facet in FACETS}


def facet_links(params: QueryDict, facets: dict[str, list[dict]], base: str = "") -> list[dict]:
    """Facet values with a link that adds the value to the search, or removes it."""
    groups = []
    for name, rows in facets.items():
        facet = BY_NAME[name]
        values = facet.links(params, rows, base)
        if values:
            groups.append({"name": name, "title": facet.title, "values": values})
    return groups
