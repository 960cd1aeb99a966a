"""Every facet value the search page offers, followed on every surface that takes the
same parameters: the page, the API, both exports and the feed, with no server error and
the same count everywhere."""

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from statements.exports import FEED_ITEMS
from statements.models import Participant, Source, Statement
from tests import factories as make

SURFACES = ("/api/statements/", "/statements/export.csv", "/statements/export.jsonl")


def offered_values(researcher) -> list[tuple[str, str, str]]:
    response = researcher.get("/statements/")
    assert response.status_code == 200
    return [
        (group["name"], value["slug"], value["url"])
        for group in response.context["facets"]
        for value in group["values"]
    ]


def exported_rows(researcher, path: str, params: dict) -> int:
    response = researcher.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    body = b"".join(response.streaming_content).decode()
    if path.endswith(".csv"):
        return len(list(csv.DictReader(io.StringIO(body))))
    return len([line for line in body.splitlines() if line.strip()])


def test_every_facet_value_answers_on_every_surface_with_one_count(demo, researcher):
    values = offered_values(researcher)
    assert {name for name, _, _ in values} >= {"participant", "kind", "source", "language"}
    for name, slug, url in values:
        params = {key: items for key, items in parse_qs(urlsplit(url).query).items()}
        page = researcher.get("/statements/", params)
        assert page.status_code == 200, (name, slug, page.status_code)
        count = page.context["page"].count
        assert count > 0, (name, slug)
        api = researcher.get("/api/statements/", params)
        assert api.status_code == 200, (name, slug, api.status_code)
        assert json.loads(api.content)["count"] == count, (name, slug)
        for path in SURFACES[1:]:
            assert exported_rows(researcher, path, params) == count, (name, slug, path)
        feed = researcher.get("/statements/feed.atom", params)
        assert feed.status_code == 200, (name, slug, feed.status_code)
        assert feed.content.count(b"<entry>") == min(count, FEED_ITEMS), (name, slug)


@pytest.mark.parametrize("path", ["/statements/", *SURFACES, "/statements/feed.atom"])
def test_the_source_filter_takes_a_source_slug(demo, researcher, path):
    """With a second source in the archive: each source's slug finds its statements only."""
    other = make.source("Embassy of Serbia in Moscow")
    make.statement(other, "A note of the embassy")
    for source in Source.objects.all():
        expected = source.statements.count()
        response = researcher.get(path, {"source": source.slug})
        assert response.status_code == 200
        assert answer_count(response, path) == expected, (path, source.slug)


def answer_count(response, path: str) -> int:
    """How many statements the surface answered with."""
    if path == "/statements/":
        return response.context["page"].count
    if path.startswith("/api/"):
        return json.loads(response.content)["count"]
    if path.endswith(".atom"):
        return response.content.count(b"<entry>")
    body = b"".join(response.streaming_content).decode()
    if path.endswith(".csv"):
        return len(list(csv.DictReader(io.StringIO(body))))
    return len(body.splitlines())


def internal_links(html: str) -> set[str]:
    return {
        unescape(href)
        for href in re.findall(r'href="([^"]+)"', html)
        if href.startswith("/") and not href.startswith("//") and not href.startswith("/static/")
    }


def test_every_link_on_every_statement_and_participant_page_answers(demo, researcher):
    pages = [statement.get_absolute_url() for statement in Statement.objects.published()]
    pages += [participant.get_absolute_url() for participant in Participant.objects.all()]
    followed: set[str] = set()
    for page in pages:
        response = researcher.get(page)
        assert response.status_code == 200, page
        for link in internal_links(response.content.decode()) - followed:
            followed.add(link)
            answer = researcher.get(link, follow=True)
            assert answer.status_code == 200, (page, link, answer.status_code)
    assert any("source=" in link for link in followed)


def facet_values(response, name: str) -> dict[str, dict]:
    group = next(g for g in response.context["facets"] if g["name"] == name)
    return {value["slug"]: value for value in group["values"]}


def test_choosing_a_kind_keeps_the_other_kinds_to_add(demo, researcher):
    everything = facet_values(researcher.get("/statements/"), "kind")
    assert len(everything) > 1
    first, second = list(everything)[:2]
    chosen = researcher.get("/statements/", {"kind": first})
    kinds = facet_values(chosen, "kind")
    assert {slug: v["count"] for slug, v in kinds.items()} == {
        slug: v["count"] for slug, v in everything.items()
    }
    assert kinds[first]["selected"] and not kinds[second]["selected"]
    both = researcher.get("/statements/" + kinds[second]["url"])
    assert both.context["page"].count == everything[first]["count"] + everything[second]["count"]
