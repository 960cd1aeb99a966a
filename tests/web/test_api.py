"""The JSON API other programs rely on."""

import pytest

from statements.models import Statement
from tests import factories as make

STATEMENT_KEYS = {
    "id",
    "url",
    "source",
    "source_url",
    "source_message_id",
    "published_at",
    "event_date",
    "event_date_text",
    "location",
    "kind",
    "title",
    "text",
    "language",
    "forwarded_from",
    "media",
    "views",
    "deleted_at_source",
    "participants",
    "hashtags",
    "translations",
}
# A found statement also says why it matched, as the search page shows it.
FOUND_KEYS = STATEMENT_KEYS | {"marked_title", "snippet", "matched_names"}


def test_statements_list_has_the_documented_shape(demo, client):
    body = client.get("/api/statements/").json()
    assert body["count"] == 7
    assert body["next"] is None and body["previous"] is None
    first = body["results"][0]
    assert set(first) == FOUND_KEYS
    assert first["source"] == {"slug": "russia-serbia-scrape", "name": first["source"]["name"]}
    assert first["url"].startswith("http://testserver/statements/")
    assert all(set(p) == {"name", "slug"} for p in first["participants"])
    assert first["hashtags"] == [{"name": "#RussiaSerbia", "slug": "russiaserbia"}]


def test_a_statement_has_its_dates_and_kind(demo, client):
    statement = Statement.objects.get(event_date="2024-03-21")
    body = client.get(f"/api/statements/{statement.pk}/").json()
    assert body["event_date"] == "2024-03-21"
    assert body["location"] == "Moscow"
    assert body["kind"] == "remarks"
    assert body["forwarded_from"] == "Russian MFA"
    assert body["published_at"] is None  # the scrape carries no publication time


def test_pages_link_to_each_other_and_keep_the_search(demo, client):
    first = client.get("/api/statements/", {"q": "serbia", "page_size": 3}).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert "q=serbia" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"].replace("http://testserver", "")).json()
    assert "page=1" in second["previous"]
    ids = {row["id"] for row in first["results"]} | {row["id"] for row in second["results"]}
    assert len(ids) == 6


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"participant": "nobody"}, "participant"),
        ({"kind": "nonsense"}, "kind"),
        ({"date_from": "2024-02-30"}, "date_from"),
        ({"sort": "sideways"}, "sort"),
    ],
)
def test_invalid_parameters_are_a_400_naming_the_field(demo, client, params, field):
    response = client.get("/api/statements/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors
    assert all(isinstance(message, str) for message in errors[field])


def test_unknown_statement_is_a_json_404(demo, client):
    response = client.get("/api/statements/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": {"id": ["No published statement has id 999999."]}}


def test_the_api_says_what_the_page_says_of_the_query(demo, client):
    """A date the search cannot read is noted on the page; the API says it too."""
    page = client.get("/statements/", {"q": "date:2024-13"})
    assert page.context["notes"]
    body = client.get("/api/statements/", {"q": "date:2024-13"}).json()
    assert body["notes"] == page.context["notes"]
    assert client.get("/api/statements/", {"q": "kosovo"}).json()["notes"] == []


@pytest.mark.parametrize("query", ["djuric", "Đurić", "Duric", "Джурич", "marko"])
def test_participants_are_found_by_any_spelling(demo, client, query):
    body = client.get("/api/participants/", {"q": query}).json()
    assert [row["name"] for row in body["results"]] == ["Marko Đurić"]
    row = body["results"][0]
    assert set(row) == {"name", "slug", "aliases", "role", "country", "statement_count"}
    assert row["statement_count"] == 2
    assert "Marko Djuric" in row["aliases"]


def test_participants_are_listed_by_statement_count(demo, client):
    body = client.get("/api/participants/").json()
    assert body["count"] == 7
    assert body["results"][0] == {
        **body["results"][0],
        "name": "Sergey Lavrov",
        "statement_count": 6,
    }


def test_hashtags_and_sources_are_listed_with_counts(demo, client):
    hashtags = client.get("/api/hashtags/").json()
    assert hashtags["results"] == [
        {"name": "#RussiaSerbia", "slug": "russiaserbia", "statement_count": 7}
    ]
    sources = client.get("/api/sources/").json()
    assert sources["count"] == 1
    assert sources["results"][0]["slug"] == "russia-serbia-scrape"
    assert sources["results"][0]["statement_count"] == 7


def test_api_escapes_nothing_and_keeps_unicode(demo, client):
    response = client.get("/api/participants/", {"q": "Vučić"})
    assert "Aleksandar Vučić".encode() in response.content


def test_facets_on_request_are_the_pages(demo, client):
    params = {"q": "kosovo", "kind": "meeting"}
    page = client.get("/statements/", params)
    on_page = {
        group["name"]: [(v["slug"], v["count"], v["selected"]) for v in group["values"]]
        for group in page.context["facets"]
    }
    body = client.get("/api/statements/", {**params, "facets": "1"}).json()
    in_api = {
        name: [(v["slug"], v["count"], v["selected"]) for v in values]
        for name, values in body["facets"].items()
    }
    assert in_api == on_page
    assert "facets" not in client.get("/api/statements/", params).json()
    assert "facets" not in client.get("/api/statements/", {**params, "facets": "0"}).json()
    assert client.get("/api/statements/", {"facets": "maybe"}).status_code == 400


def test_the_api_page_documents_the_endpoints_with_their_raw_json_one_click_away(db, client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    for endpoint in ("statements", "participants", "hashtags", "sources"):
        assert f'<a href="/api/{endpoint}/">' in page
    assert "/api/statements/?q=kosovo&amp;sort=oldest" in page  # an example
    for parameter in ("q", "participant", "kind", "date_from", "sort", "page_size", "facets"):
        assert f"<code>{parameter}</code>" in page
    assert "<code>phone_call</code>" in page
    home = client.get("/").content.decode()
    assert '<a href="/api/">API</a>' in home


def test_names_and_sources_are_counted_as_the_index_pages_count_them(researcher):
    """A post whose canonical copy is hidden is listed by its other copy: once, there."""
    mfa, copies = make.source("MFA", slug="mfa"), make.source("Copies", slug="copies")
    vucic = make.participant("Aleksandar Vučić")
    tag = make.hashtag("Kosovo")
    hidden = make.statement(mfa, participants=[vucic], hashtags=[tag], status="hidden")
    make.statement(copies, participants=[vucic], hashtags=[tag], duplicate_of=hidden)
    make.statement(mfa, participants=[vucic])

    def api(path: str) -> dict[str, int]:
        rows = researcher.get(path).json()["results"]
        return {row["slug"]: row["statement_count"] for row in rows}

    def page(path: str) -> dict[str, int]:
        items = researcher.get(path).context["page"].items
        return {item.slug: item.statement_count for item in items}

    assert api("/api/participants/") == page("/participants/") == {vucic.slug: 2}
    assert api("/api/hashtags/") == page("/hashtags/") == {tag.slug: 1}
    sources = {
        source.slug: source.numbers["count"]
        for source in researcher.get("/sources/").context["sources"]
    }
    assert api("/api/sources/") == sources == {"mfa": 1, "copies": 1}
