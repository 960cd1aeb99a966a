"""Who appears with whom, for people and programs: the network page, its edge list, GraphML
and API (the pairs are counted in statements/search/network.py)."""

import csv
import io
from collections.abc import Iterable
from datetime import date
from xml.etree import ElementTree

from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from statements.analysis_forms import network_search
from statements.api import bad_request, too_slow_json
from statements.exports import attachment, export_file_name, inert_cell
from statements.models import (
    SearchRow,
)
from statements.search.network import (
    DRAWN_NODES,
    PAIRS_LISTED,
    Pair,
    degrees,
    drawn_network,
    pairs_of,
    shared_statements_query,
)
from statements.search.querystring import edit_query
from statements.search.results import found_unranked
from statements.search.time_limit import search_time_limit
from statements.views import time_limited


@time_limited
def network(request):
    """The participants who share statements of a search: the strongest pairs, each with a
    link to the statements they share, and the network they make, drawn."""
    search = network_search(request.GET, SearchRow.objects.listed())
    params = search.filterset.params
    context = {"query": params.get("q", ""), "params": params, "form": search.form}
    if search.errors:
        context["errors"] = search.errors
        return render(request, "statements/network.html", context, status=400)
    statements = search.filterset.qs
    pairs = pairs_of(statements)
    search_query = edit_query(params, drop=("page", "after", "before", "min_shared"))
    context |= {
        "count": found_unranked(statements).count,
        "pair_count": len(pairs),
        "pairs": [
            {
                "pair": pair,
                "url": reverse("statement-list")
                + "?"
                + shared_statements_query(params, pair.first, pair.second),
            }
            for pair in pairs[:PAIRS_LISTED]
        ],
        "drawing": drawn_network(pairs, search.min_shared),
        "search_url": reverse("statement-list") + "?" + search_query,
        "export_query": search_query,
    }
    return render(request, "statements/network.html", context)


EDGE_COLUMNS = [
    "source",
    "target",
    "source_name",
    "target_name",
    "weight",
    "first_date",
    "last_date",
    "statements_url",
]


GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def too_slow_text(request, message: str) -> HttpResponse:
    return HttpResponse(message + "\n", status=503, content_type="text/plain")


def network_pairs(request) -> tuple[list[Pair] | None, QueryDict, HttpResponse | None]:
    """Every pair of participants sharing statements of the request's search, and the
    search as read; or a 400 naming what could not be read."""
    search = network_search(request.GET, SearchRow.objects.listed())
    if search.errors:
        lines = [
            f"{name}: {message}" for name, messages in search.errors.items() for message in messages
        ]
        return (
            None,
            QueryDict(),
            HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain"),
        )
    return pairs_of(search.filterset.qs), search.filterset.params, None


def edge_rows(request, pairs: list[Pair], params: QueryDict) -> Iterable[list]:
    """Each pair as a row of EDGE_COLUMNS, people by slug, with the link to what they share."""
    base = request.build_absolute_uri(reverse("statement-list"))
    for pair in pairs:
        yield [
            pair.first.slug,
            pair.second.slug,
            inert_cell(pair.first.name),
            inert_cell(pair.second.name),
            pair.count,
            pair.first_date.isoformat() if pair.first_date else "",
            pair.last_date.isoformat() if pair.last_date else "",
            f"{base}?{shared_statements_query(params, pair.first, pair.second)}",
        ]


@search_time_limit(too_slow_text)
def network_edges_csv(request):
    """The network of a search as a weighted edge list (Gephi, igraph and networkx read
    it): one row a pair, its weight the statements the two share."""
    pairs, params, refusal = network_pairs(request)
    if refusal:
        return refusal
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EDGE_COLUMNS)
    writer.writerows(edge_rows(request, pairs, params))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(network_file_name(params), "csv")
    return response


@search_time_limit(too_slow_text)
def network_graphml(request):
    """The network of a search as GraphML: a node a participant (name, slug), an
    undirected edge a pair, weighted by the statements the two share."""
    pairs, params, refusal = network_pairs(request)
    if refusal:
        return refusal
    response = HttpResponse(
        graphml_of(pairs), content_type="application/graphml+xml; charset=utf-8"
    )
    response["Content-Disposition"] = attachment(network_file_name(params), "graphml")
    return response


def graphml_of(pairs: list[Pair]) -> bytes:
    """The pairs as a GraphML document (ElementTree escapes every name)."""
    ElementTree.register_namespace("", GRAPHML)
    root = ElementTree.Element(f"{{{GRAPHML}}}graphml")
    keys = [
        ("name", "node", "string"),
        ("slug", "node", "string"),
        ("weight", "edge", "int"),
        ("first_date", "edge", "string"),
        ("last_date", "edge", "string"),
    ]
    for name, domain, kind in keys:
        ElementTree.SubElement(
            root,
            f"{{{GRAPHML}}}key",
            {"id": name, "for": domain, "attr.name": name, "attr.type": kind},
        )
    graph = ElementTree.SubElement(root, f"{{{GRAPHML}}}graph", {"edgedefault": "undirected"})
    people = {person.pk: person for pair in pairs for person in (pair.first, pair.second)}
    for person in sorted(people.values(), key=lambda p: (p.name.casefold(), p.pk)):
        node = ElementTree.SubElement(graph, f"{{{GRAPHML}}}node", {"id": person.slug})
        data_of(node, name=person.name, slug=person.slug)
    for pair in pairs:
        edge = ElementTree.SubElement(
            graph, f"{{{GRAPHML}}}edge", {"source": pair.first.slug, "target": pair.second.slug}
        )
        data_of(
            edge,
            weight=str(pair.count),
            first_date=pair.first_date.isoformat() if pair.first_date else "",
            last_date=pair.last_date.isoformat() if pair.last_date else "",
        )
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def data_of(element: ElementTree.Element, **values: str) -> None:
    for key, value in values.items():
        ElementTree.SubElement(element, f"{{{GRAPHML}}}data", {"key": key}).text = value


def network_file_name(params: QueryDict) -> str:
    return export_file_name(params, date.today().isoformat()).replace("statements", "network", 1)


@search_time_limit(too_slow_json)
def network_api(request):
    """Who appears with whom in a search, as the network page counts it: every pair of
    participants sharing its statements (strongest first, with the link to what they
    share) and the best-connected people, by their number of partners."""
    search = network_search(request.GET, SearchRow.objects.listed())
    if search.errors:
        return bad_request(search.errors)
    params = search.filterset.params
    matches = search.filterset.qs
    pairs = pairs_of(matches)
    partners = degrees(pairs)
    best = sorted(partners, key=lambda person: (-partners[person], person.name.casefold()))
    return JsonResponse(
        {
            "count": found_unranked(matches).count,
            "pair_count": len(pairs),
            "people": [
                {"name": person.name, "slug": person.slug, "partners": partners[person]}
                for person in best[:DRAWN_NODES]
            ],
            "pairs": [pair_json(request, pair, params) for pair in pairs],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def pair_json(request, pair: Pair, params) -> dict:
    shared = request.build_absolute_uri(reverse("api-statements"))
    return {
        "participants": [
            {"name": person.name, "slug": person.slug} for person in (pair.first, pair.second)
        ],
        "count": pair.count,
        "first_date": pair.first_date.isoformat() if pair.first_date else None,
        "last_date": pair.last_date.isoformat() if pair.last_date else None,
        "statements": f"{shared}?{shared_statements_query(params, pair.first, pair.second)}",
    }
