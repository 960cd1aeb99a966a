"""Who appears with whom: the pairs of participants who share statements of a search,
counted exactly by one self-join of the participant links over the search's matches, and
the network they make, drawn from its best-connected people (network_layout places it)."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.http import QueryDict

from statements.models import Participant, StatementParticipant
from statements.querysets import StatementQuerySet
from statements.search.network_layout import (
    SIZE,
    Placed,
    force_layout,
    overlapping_labels,
    placed_nodes,
)
from statements.search.querystring import edit_query
from statements.search.results import SEARCH_PLANNER, planner_settings
from statements.search.totals import kept_for

DRAWN_NODES = 50  # the people a drawing shows: the best connected
DRAWN_EDGES = 150  # at most about this many links drawn: the strongest
PAIRS_LISTED = 100  # the pairs a page lists (the exports hold every one)
CO_PARTICIPANTS_PER_YEAR = 5


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    slug: str


@dataclass(frozen=True)
class Pair:
    """Two participants (A–Z) and the statements of a search they share: how many, and
    the dates of the first and the last."""

    first: Person
    second: Person
    count: int
    first_date: date | None
    last_date: date | None


@dataclass
class Drawing:
    """A network as drawn: its nodes placed, its links between them, and what it leaves out."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    min_shared: int = 1
    people: int = 0  # in the whole network
    size: float = SIZE
    overlapping_labels: int = 0


def pairs_of(statements: StatementQuerySet) -> list[Pair]:
    """Every pair of participants sharing statements of the search, strongest first (then
    A–Z), exact: kept with the search, as its result is."""
    return kept_for("network-pairs", statements.order_by(), lambda: _counted_pairs(statements))


def _counted_pairs(statements: StatementQuerySet) -> list[Pair]:
    if (result := _result_sql(statements)) is None:
        return []
    sql, params = result
    links = StatementParticipant._meta.db_table
    query = (
        f"WITH result (statement_id, sort_date) AS MATERIALIZED ({sql})"
        " SELECT a.participant_id, b.participant_id, count(*),"
        " (min(result.sort_date) AT TIME ZONE 'UTC')::date,"
        " (max(result.sort_date) AT TIME ZONE 'UTC')::date"
        f" FROM result JOIN {links} AS a ON a.statement_id = result.statement_id"
        f" JOIN {links} AS b ON b.statement_id = result.statement_id"
        " AND a.participant_id < b.participant_id"
        " GROUP BY a.participant_id, b.participant_id"
    )
    alias = router.db_for_read(statements.model)
    with planner_settings(**SEARCH_PLANNER), connections[alias].cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    people = people_by_pk({pk for row in rows for pk in row[:2]})
    pairs = []
    for a, b, count, first_date, last_date in rows:
        first, second = sorted((people[a], people[b]), key=by_name)
        pairs.append(Pair(first, second, count, first_date, last_date))
    pairs.sort(key=lambda pair: (-pair.count, by_name(pair.first), by_name(pair.second)))
    return pairs


def by_name(person: Person) -> tuple[str, int]:
    return person.name.casefold(), person.pk


def people_by_pk(pks: set[int]) -> dict[int, Person]:
    rows = Participant.objects.filter(pk__in=pks).values_list("pk", "name", "slug")
    return {pk: Person(pk, name, slug) for pk, name, slug in rows}


def shared_statements_query(params: QueryDict, *people: Person) -> str:
    """The search narrowed to the statements every one of the people shares."""
    chosen = params.getlist("participant")
    added = [person.slug for person in people if person.slug not in chosen]
    return edit_query(
        params, drop=("page", "after", "before", "min_shared"), participant=[*chosen, *added]
    )


def degrees(pairs: list[Pair]) -> Counter:
    """Each person's number of partners in the network."""
    counted = Counter()
    for pair in pairs:
        counted[pair.first] += 1
        counted[pair.second] += 1
    return counted


def drawn_network(pairs: list[Pair], min_shared: int | None = None) -> Drawing:
    """The network of the pairs as drawn: its DRAWN_NODES best-connected people (most
    partners, then most shared statements, then A–Z) and the links between them sharing at
    least `min_shared` statements (unless given, the least that keeps DRAWN_EDGES links),
    laid out by force; people left without a link are not drawn."""
    partners = degrees(pairs)
    strength = Counter()
    for pair in pairs:
        strength[pair.first] += pair.count
        strength[pair.second] += pair.count
    best = sorted(partners, key=lambda p: (-partners[p], -strength[p], by_name(p)))
    chosen = set(best[:DRAWN_NODES])
    among = [pair for pair in pairs if pair.first in chosen and pair.second in chosen]
    if min_shared is None:
        min_shared = among[DRAWN_EDGES - 1].count if len(among) > DRAWN_EDGES else 1
    drawn = [pair for pair in among if pair.count >= min_shared]
    shown = [person for person in best if person in chosen and any_link(person, drawn)]
    keys = [person.pk for person in shown]
    positions = force_layout(keys, [(p.first.pk, p.second.pk, p.count) for p in drawn])
    most = max((partners[person] for person in shown), default=1)
    radii = {person.pk: 4 + 8 * math.sqrt(partners[person] / most) for person in shown}
    labels = {person.pk: person.name for person in shown}
    placed = {node.key: node for node in placed_nodes(positions, radii, labels)}
    return Drawing(
        nodes=[node_of(placed[person.pk], person, partners[person]) for person in shown],
        edges=edges_of(drawn, placed),
        min_shared=min_shared,
        people=len(partners),
        overlapping_labels=overlapping_labels(list(placed.values()), labels),
    )


def any_link(person: Person, pairs: list[Pair]) -> bool:
    return any(person in (pair.first, pair.second) for pair in pairs)


def node_of(node: Placed, person: Person, partners: int) -> dict:
    return {"person": person, "partners": partners, **vars(node)}


def edges_of(pairs: list[Pair], placed: dict[int, Placed]) -> list[dict]:
    """The links as lines, weakest first so the strongest are drawn on top."""
    heaviest = max((pair.count for pair in pairs), default=1)
    edges = []
    for pair in reversed(pairs):
        a, b = placed[pair.first.pk], placed[pair.second.pk]
        edges.append(
            {
                "pair": pair,
                "x1": a.x,
                "y1": a.y,
                "x2": b.x,
                "y2": b.y,
                "width": 0.75 + 4.25 * math.sqrt(pair.count / heaviest),
            }
        )
    return edges


@dataclass(frozen=True)
class CoParticipant:
    person: Person
    count: int


def co_participants_by_year(
    statements: StatementQuerySet,
    participant: Participant,
    per_year: int = CO_PARTICIPANTS_PER_YEAR,
) -> list[tuple[int, list[CoParticipant]]]:
    """Who shares the participant's statements, year by year (newest first): the `per_year`
    sharing most in each, exact, from one pass over the participant's links."""
    if (result := _result_sql(statements)) is None:
        return []
    sql, params = result
    links = StatementParticipant._meta.db_table
    query = (
        f"WITH result (statement_id, sort_date) AS MATERIALIZED ({sql})"
        " SELECT extract(year FROM result.sort_date AT TIME ZONE 'UTC')::int, other.participant_id,"
        " count(*)"
        f" FROM result JOIN {links} AS other ON other.statement_id = result.statement_id"
        " AND other.participant_id <> %s"
        " WHERE result.sort_date IS NOT NULL"
        " GROUP BY 1, 2"
    )
    alias = router.db_for_read(statements.model)
    with planner_settings(**SEARCH_PLANNER), connections[alias].cursor() as cursor:
        cursor.execute(query, [*params, participant.pk])
        rows = cursor.fetchall()
    people = people_by_pk({row[1] for row in rows})
    years: dict[int, list[CoParticipant]] = defaultdict(list)
    for year, other, count in rows:
        years[year].append(CoParticipant(people[other], count))
    return [
        (year, sorted(years[year], key=lambda c: (-c.count, by_name(c.person)))[:per_year])
        for year in sorted(years, reverse=True)
    ]


def _result_sql(statements: StatementQuerySet) -> tuple[str, tuple] | None:
    """The SQL of the result's (id, sort_date) rows, as the `result` both counts read; None
    for a search that can match nothing."""
    try:
        return statements.order_by().values_list("pk", "sort_date").query.sql_with_params()
    except EmptyResultSet:
        return None
