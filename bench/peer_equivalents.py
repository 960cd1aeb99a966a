"""Our corpus and searches as a researcher would have them in SQLite and Datasette.

The statements as rows (participants and hashtags as JSON arrays), and each search of the
bench as a Datasette table page: FTS5's query syntax for the words, column filters for
`person:`, `tag:` and `date:`, the same order where Datasette has one (its table page has
no relevance order). Needs no SQLite library: bench/datasette_peer.py copies and serves.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef

from statements.dates import parse_date_range
from statements.models import Hashtag, Participant, Statement
from statements.search.query import ParsedQuery, Term, parse_query

TABLE = "statements"
COPY_BATCH = 5_000


def corpus_rows() -> Iterator[dict]:
    """Every listed statement, as the search counts them, streamed from a server-side
    cursor: id, title, text, date (the date searches filter and sort by), year, kind,
    source, language, and the names of its participants and hashtags."""

    def names(relation: str) -> ArraySubquery:
        link = Statement.objects.link_model(relation)
        return ArraySubquery(
            link.objects.filter(statement_id=OuterRef("pk"))
            .order_by(f"{relation}__name")
            .values(f"{relation}__name")
        )

    rows = (
        Statement.objects.listed()
        .annotate(
            source_name=F("source__name"),
            participant_names=names("participant"),
            hashtag_names=names("hashtag"),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "text",
            "sort_date",
            "kind",
            "source_name",
            "language",
            "participant_names",
            "hashtag_names",
        )
    )
    for pk, title, text, date, kind, source, language, people, hashtags in rows.iterator(
        chunk_size=COPY_BATCH
    ):
        yield {
            "id": pk,
            "title": title,
            "text": text,
            "date": date.isoformat() if date else None,
            "year": date.year if date else None,
            "kind": kind,
            "source": source,
            "language": language,
            "participants": people,  # sqlite-utils stores a list as a JSON array
            "hashtags": hashtags,
        }


# The equivalent of a search ------------------------------------------------------------


@dataclass
class PeerSearch:
    """A search of ours as a Datasette table page: its arguments, the same conditions in
    SQL (to find the `_next` token of a deep page) and the order the page is in."""

    args: list[tuple[str, str]] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    values: list = field(default_factory=list)
    order: str = "id"  # Datasette's table page sorts a search by primary key: no rank

    def condition(self, name: str, value: str, sql: str) -> None:
        self.args.append((name, value))
        self.where.append(sql)
        self.values.append(value)


def fts_term(term: Term) -> str:
    """A term in FTS5's syntax: a prefix query, or a quoted string (a phrase, or one
    word quoted as Datasette's escaped mode quotes it)."""
    text = term.text.replace('"', '""')
    return f'"{text}"*' if term.prefix else f'"{text}"'


def fts_query(parsed: ParsedQuery) -> str | None:
    """Clauses AND-ed, the terms of a clause OR-ed, negated words after NOT (FTS5's NOT is
    binary: `a NOT b`). None for a query FTS5 cannot say (only negations)."""
    positive, negative = [], []
    for clause in parsed.clauses:
        if len(clause) == 1 and clause[0].negated:
            negative.append(fts_term(clause[0]))
        elif any(term.negated for term in clause):
            return None  # "a OR -b" has no FTS5 form
        else:
            terms = [fts_term(term) for term in clause]
            positive.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    if not positive:
        return None
    return " AND ".join(positive) + "".join(f" NOT {term}" for term in negative)


def array_condition(search: PeerSearch, column: str, value: str) -> None:
    search.condition(
        f"{column}__arraycontains",
        value,
        f"id in (select {TABLE}.id from {TABLE}, json_each({TABLE}.{column}) j where j.value = ?)",
    )


def inline_filter(search: PeerSearch, name: str, value: str) -> bool:
    """The inline filter (the bench's person:, tag: and date:) as a column filter; False
    when it has no equivalent here."""
    if name == "participant":
        person = (
            Participant.objects.by_slug(value)
            or Participant.objects.filter(name__iexact=value).first()
        )
        if person is None:
            return False
        array_condition(search, "participants", person.name)
    elif name == "hashtag":
        tag = Hashtag.objects.filter(slug=value).first()
        if tag is None:
            return False
        array_condition(search, "hashtags", tag.name)
    elif name == "date":
        bounds = parse_date_range(value)
        if bounds is None:
            return False
        first, last = bounds
        if first:
            search.condition("date__gte", first.isoformat(), "date >= ?")
        if last:
            search.condition("date__lt", (last + timedelta(days=1)).isoformat(), "date < ?")
    else:
        return False
    return True


def peer_search(params: dict, sort_order: str) -> PeerSearch | None:
    """Our search (its parameters, and the order our page used) as a Datasette table page;
    None if it has no honest equivalent there."""
    supported = {"q", "sort", "page"}
    if set(params) - supported:
        return None
    search = PeerSearch()
    parsed = parse_query(params.get("q", ""))
    if parsed.clauses:
        query = fts_query(parsed)
        if query is None:
            return None
        search.args += [("_search", query), ("_searchmode", "raw")]
        search.where.append(f"id in (select rowid from {TABLE}_fts where {TABLE}_fts match ?)")
        search.values.append(query)
    for found in parsed.filters:
        if not inline_filter(search, found.name, found.value):
            return None
    if sort_order in ("newest", "oldest"):
        search.order = "date desc" if sort_order == "newest" else "date"
        search.args.append(("_sort_desc" if sort_order == "newest" else "_sort", "date"))
    return search


def page_start_sql(search: PeerSearch, offset: int) -> tuple[str, list]:
    """The SQL of the row just before the offset in Datasette's order (the sort column,
    then the primary key): its date and id, of which Datasette makes a `_next` token."""
    where = f"where {' and '.join(search.where)}" if search.where else ""
    order = "id" if search.order == "id" else f"{search.order}, id"
    sql = f"select date, id from {TABLE} {where} order by {order} limit 1 offset ?"
    return sql, [*search.values, offset - 1]
