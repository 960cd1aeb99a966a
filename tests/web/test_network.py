"""Who appears with whom: the network page, its exports and the API count the same pairs,
each weighted by the statements the two share, counted here from the statements."""

import csv
import io
import itertools
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

import pytest

from statements.models import SearchRow
from tests import factories as make
from tests.web.sql import queries_ranking

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture
def archive(db):
    """Four people in statements on Kosovo (and one on trade): Lavrov and Vucic share
    three of the Kosovo ones, Vucic and Dacic two, Lavrov and Dacic one."""
    lavrov, vucic, dacic, grushko = (
        make.participant(name)
        for name in ("Sergey Lavrov", "Aleksandar Vucic", "Ivica Dacic", "Alexander Grushko")
    )
    mfa = make.source("MFA")

    def said(title, people, year):
        return make.statement(
            mfa,
            title,
            participants=people,
            published_at=datetime(year, 3, 1, 12, tzinfo=UTC),
        )

    said("Talks on Kosovo", [lavrov, vucic], 2022)
    said("Kosovo meeting", [lavrov, vucic, dacic], 2023)
    said("Kosovo remarks", [lavrov, vucic], 2024)
    said("Kosovo call", [vucic, dacic], 2024)
    said("Kosovo statement", [grushko], 2024)
    said("Trade talks", [lavrov, vucic, grushko], 2024)
    return {"lavrov": lavrov, "vucic": vucic, "dacic": dacic, "grushko": grushko}


def shared_counts(query: str) -> dict[frozenset, int]:
    """The test's own count: for each pair, the listed statements matching that both share."""
    counted: dict[frozenset, int] = {}
    matches = SearchRow.objects.listed().filter(search_vector=query)
    for row in matches.select_related("statement"):
        slugs = sorted(row.statement.participants.values_list("slug", flat=True))
        for pair in itertools.combinations(slugs, 2):
            counted[frozenset(pair)] = counted.get(frozenset(pair), 0) + 1
    return counted


def test_it_weighs_each_pair_by_the_statements_the_two_share(archive, client):
    response = client.get("/network/", {"q": "kosovo"})
    assert response.status_code == 200
    listed = {
        frozenset((row["pair"].first.slug, row["pair"].second.slug)): row["pair"].count
        for row in response.context["pairs"]
    }
    assert listed == shared_counts("kosovo")
    assert listed[frozenset(("sergey-lavrov", "aleksandar-vucic"))] == 3
    assert response.context["count"] == 5
    page = response.content.decode()
    assert "Aleksandar Vucic and Sergey Lavrov" in page
    assert "<svg" in page and page.count("<circle") == 3  # Grushko shares nothing: not drawn


def test_it_links_each_pair_to_the_statements_they_share(archive, client):
    response = client.get("/network/", {"q": "kosovo"})
    strongest = response.context["pairs"][0]
    link = urlparse(strongest["url"])
    assert link.path == "/statements/"
    assert parse_qs(link.query) == {
        "q": ["kosovo"],
        "participant": ["aleksandar-vucic", "sergey-lavrov"],
    }
    search = client.get(strongest["url"])
    assert search.context["page"].count == strongest["pair"].count == 3


def test_it_gives_the_first_and_last_date_of_a_pair(archive, client):
    response = client.get("/network/", {"q": "kosovo"})
    pair = response.context["pairs"][0]["pair"]
    assert (pair.first_date.isoformat(), pair.last_date.isoformat()) == (
        "2022-03-01",
        "2024-03-01",
    )


def test_the_edge_list_and_graphml_parse_and_agree_with_the_page(archive, client):
    page = client.get("/network/", {"q": "kosovo"}).context["pairs"]
    expected = [
        (row["pair"].first.slug, row["pair"].second.slug, row["pair"].count) for row in page
    ]

    edges = client.get("/network/edges.csv", {"q": "kosovo"})
    assert edges.status_code == 200
    assert edges["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(edges.content.decode())))
    assert [(r["source"], r["target"], int(r["weight"])) for r in rows] == expected
    assert rows[0]["first_date"] == "2022-03-01"

    graphml = client.get("/network/graph.graphml", {"q": "kosovo"})
    assert graphml.status_code == 200
    root = ElementTree.fromstring(graphml.content)
    graph = root.find(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "undirected"
    nodes = {node.get("id") for node in graph.iter(f"{GRAPHML}node")}
    assert nodes == {"sergey-lavrov", "aleksandar-vucic", "ivica-dacic"}
    weights = [
        (
            edge.get("source"),
            edge.get("target"),
            int(next(d.text for d in edge.iter(f"{GRAPHML}data") if d.get("key") == "weight")),
        )
        for edge in graph.iter(f"{GRAPHML}edge")
    ]
    assert weights == expected


def test_the_api_gives_the_same_pairs(archive, client):
    answer = client.get("/api/network/", {"q": "kosovo"}).json()
    page = client.get("/network/", {"q": "kosovo"}).context["pairs"]
    assert answer["count"] == 5
    assert answer["pair_count"] == len(page)
    assert [
        ([p["slug"] for p in pair["participants"]], pair["count"]) for pair in answer["pairs"]
    ] == [([row["pair"].first.slug, row["pair"].second.slug], row["pair"].count) for row in page]
    assert answer["people"][0] == {
        "name": "Aleksandar Vucic",
        "slug": "aleksandar-vucic",
        "partners": 2,
    }
    shared = client.get(answer["pairs"][0]["statements"]).json()
    assert shared["count"] == answer["pairs"][0]["count"]


@pytest.mark.parametrize(
    "path", ["/network/", "/network/edges.csv", "/network/graph.graphml", "/api/network/"]
)
@pytest.mark.parametrize(
    "params",
    [{"min_shared": "many"}, {"min_shared": "0"}, {"kind": "poem"}, {"participant": "nobody"}],
)
def test_bad_input_is_a_400_naming_it(archive, client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.content.decode()


def test_a_threshold_leaves_out_the_weaker_links_from_the_drawing(archive, client):
    drawing = client.get("/network/", {"q": "kosovo", "min_shared": "2"}).context["drawing"]
    assert sorted(edge["pair"].count for edge in drawing.edges) == [2, 3]
    assert drawing.min_shared == 2


def test_a_participant_page_lists_co_participants_year_by_year(archive, client):
    response = client.get("/participants/aleksandar-vucic/")
    years = {
        year["year"]: {person["name"]: person["count"] for person in year["people"]}
        for year in response.context["co_participants"]
    }
    assert years == {
        2024: {"Sergey Lavrov": 2, "Ivica Dacic": 1, "Alexander Grushko": 1},
        2023: {"Sergey Lavrov": 1, "Ivica Dacic": 1},
        2022: {"Sergey Lavrov": 1},
    }
    link = next(
        p["url"]
        for y in response.context["co_participants"]
        if y["year"] == 2024
        for p in y["people"]
        if p["name"] == "Sergey Lavrov"
    )
    assert client.get(link).context["page"].count == 2
    assert "Appears with, year by year" in response.content.decode()


@pytest.mark.parametrize("path", ["/network/", "/api/network/"])
def test_the_network_counts_its_search_without_ranking_it(archive, client, path):
    """Ranking reads every match's vector: a page that lists none by rank does not pay it."""
    assert not queries_ranking(client, path, {"q": "kosovo"})
