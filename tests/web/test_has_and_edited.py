"""Media-only posts and posts the source edited: the has: filter, ?has= and ?edited=1, on
the search page, the API and the exports; and the home page's latest list."""

import json
from datetime import UTC, datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(db):
    """A statement with text, one with text and a photo, one edited by the source, a photo
    and a sticker without text."""
    source = factories.source("MFA")
    day = datetime(2024, 3, 1, tzinfo=UTC)

    def post(title, text="", **fields):
        day_of = day.replace(day=len(made) + 1)
        return factories.statement(source, title, text=text, published_at=day_of, **fields)

    made = {}
    made["text"] = post("Talks on Kosovo", "The ministers met.")
    made["photo_text"] = post("Visit to Belgrade", "A visit.", media="photo", media_count=2)
    made["edited"] = post("Edited remarks", "Remarks.", edited_at=day.replace(day=20))
    made["photo"] = post("", media="photo")
    made["sticker"] = post("", media="sticker")
    return made


def api_ids(client, **params) -> set[int]:
    body = client.get("/api/statements/", params).json()
    return {row["id"] for row in body["results"]}


def page_of(client, **params) -> str:
    return client.get("/statements/", params).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has:text", {"text", "photo_text", "edited"}),
        ("-has:text", {"photo", "sticker"}),
        ("NOT has:text", {"photo", "sticker"}),
        ("has:photo", {"photo_text", "photo"}),
        ("has:sticker", {"sticker"}),
        ("has:media -has:text", {"photo", "sticker"}),
        ("has:edits", {"edited"}),
    ],
)
def test_the_has_filter_in_the_query_language(client, posts, query, expected):
    assert api_ids(client, q=query) == {posts[name].pk for name in expected}


def test_the_has_filter_on_the_search_page_has_a_chip(client, posts):
    page = page_of(client, q="-has:text")
    assert "Without: text" in page
    assert "Sticker post without text" in page
    assert "Talks on Kosovo" not in page


def test_an_unknown_has_value_is_left_out_with_a_note(client, posts):
    body = client.get("/api/statements/", {"q": "has:dog"}).json()
    assert body["count"] == len(posts)
    assert any("has:dog" in note and "photo" in note for note in body["notes"])
    assert "“has:dog” left out" in page_of(client, q="has:dog")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"edited": "1"}, {"edited"}),
        ({"edited": "0"}, {"text", "photo_text", "photo", "sticker"}),
        ({"has": "photo"}, {"photo_text", "photo"}),
        ({"has": ["photo", "text"]}, {"photo_text"}),
    ],
)
def test_the_edited_and_has_parameters(client, posts, params, expected):
    assert api_ids(client, **params) == {posts[name].pk for name in expected}


def test_the_edited_parameter_on_the_page_and_in_exports(client, posts):
    page = page_of(client, edited="1")
    assert "Edited remarks" in page and "Talks on Kosovo" not in page
    assert "Edited by the source" in page  # its chip
    lines = client.get("/statements/export.jsonl", {"edited": "1"}).getvalue().decode()
    exported = [json.loads(line) for line in lines.splitlines() if line.strip()]
    assert [row["id"] for row in exported] == [posts["edited"].pk]


def test_a_bad_has_or_edited_parameter_is_a_400_in_the_api(client, posts):
    assert client.get("/api/statements/", {"has": "dog"}).status_code == 400
    assert client.get("/api/statements/", {"edited": "maybe"}).status_code == 400


def test_the_home_pages_latest_list_has_statements_with_text_unless_asked(client, posts):
    home = client.get("/").content.decode()
    assert "Talks on Kosovo" in home
    assert "post without text" not in home
    assert "?latest=all" in home
    every = client.get("/", {"latest": "all"}).content.decode()
    assert "Sticker post without text" in every and "Talks on Kosovo" in every


def test_search_help_documents_has_and_edits(client, db):
    help_page = client.get("/search-help/").content.decode()
    assert "has:text" in help_page and "-has:text" in help_page
    assert "has:edits" in help_page and "?edited=1" in help_page


def test_what_statements_have_is_a_facet_on_the_page_and_in_the_api(posts, client):
    body = client.get("/api/statements/", {"facets": "1"}).json()
    counts = {row["slug"]: row["count"] for row in body["facets"]["has"]}
    assert counts == {"text": 3, "media": 3, "photo": 2, "sticker": 1, "edits": 1}
    assert {row["estimated"] for row in body["facets"]["has"]} == {False}
    page = page_of(client)
    assert "Has" in page and "?has=photo" in page
    chosen = client.get("/api/statements/", {"has": "photo", "facets": "1"}).json()
    assert chosen["count"] == 2
    assert {row["slug"]: row["count"] for row in chosen["facets"]["has"]}["text"] == 1
