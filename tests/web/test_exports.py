"""Exports and feeds of any search."""

import csv
import io
import json
from datetime import date

from statements.exports import EXPORT_COLUMNS
from statements.models import Statement
from tests import factories as make


def content(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_export_of_a_search_has_every_match_and_the_documented_columns(demo, client):
    response = client.get("/statements/export.csv", {"q": "kosovo", "sort": "oldest"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="statements-')
    rows = list(csv.DictReader(io.StringIO(content(response).lstrip("\ufeff"))))
    assert len(rows) == 4
    assert list(rows[0]) == [column for column, _ in EXPORT_COLUMNS]
    call = next(row for row in rows if row["kind"] == "phone_call")
    assert call["participants"] == "Ana Brnabić; Ivica Dačić; Marko Đurić; Sergey Lavrov"
    assert call["hashtags"] == "#RussiaSerbia"
    assert call["url"] == f"http://testserver/statements/{call['id']}/"
    assert rows[0]["event_date"] == "2025-02-17"  # oldest first; undated ones last


def test_jsonl_export_has_the_same_rows_as_json(demo, client):
    response = client.get("/statements/export.jsonl", {"participant": "aleksandar-vulin"})
    lines = [json.loads(line) for line in content(response).splitlines()]
    assert len(lines) == 3
    assert set(lines[0]) == {column for column, _ in EXPORT_COLUMNS}
    assert all(
        {"name": "Aleksandar Vulin", "slug": "aleksandar-vulin"} in line["participants"]
        for line in lines
    )


# The same parameters on both: every kind of filter, each sort order, and several together.
PARAMETER_SETS = [
    {},
    {"q": "kosovo"},
    {"q": "kosovo", "sort": "oldest"},
    {"q": "serbia russia", "sort": "relevance"},
    {"q": "person:lavrov tag:RussiaSerbia"},
    {"participant": "ivica-dacic"},
    {"participant": ["sergey-lavrov", "marko-duric"], "sort": "oldest"},
    {"hashtag": "russiaserbia", "sort": "newest"},
    {"source": "russia-serbia-scrape", "kind": ["meeting", "phone_call"]},
    {"kind": "meeting"},
    {"date_from": "2025-02-01", "date_to": "2025-06-30", "sort": "oldest"},
    {"language": "en", "q": "minister"},
]


def api_results(client, params: dict) -> list[dict]:
    """Every result of the API's pages, following `next` (two a page: several pages)."""
    found, url, query = [], "/api/statements/", {**params, "page_size": 2}
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, (params, response.content)
        body = json.loads(response.content)
        found += body["results"]
        url, query = body["next"], None
    assert len(found) == body["count"]
    return found


def test_the_jsonl_export_lists_what_the_api_lists(demo, client):
    """The same statements, in the same order, each the same object with the same keys."""
    for params in PARAMETER_SETS:
        listed = api_results(client, params)
        response = client.get("/statements/export.jsonl", params)
        assert response.status_code == 200, params
        exported = [json.loads(line) for line in content(response).splitlines()]
        assert [row["id"] for row in exported] == [row["id"] for row in listed], params
        # The API's found statements add why they matched (marked_title, snippet, names).
        statement_fields = {column for column, _ in EXPORT_COLUMNS}
        assert exported == [{k: row[k] for k in statement_fields} for row in listed], params
        assert all(set(row) == {column for column, _ in EXPORT_COLUMNS} for row in exported)
    assert any(len(api_results(client, params)) > 2 for params in PARAMETER_SETS)


def test_exports_have_no_row_limit(db, client):
    source = make.source("S")
    Statement.objects.bulk_create(
        [
            Statement(source=source, title=f"Post {n}", text="Kosovo", content_hash=str(n))
            for n in range(2500)
        ]
    )
    rows = content(client.get("/statements/export.csv")).splitlines()
    assert len(rows) == 2501


def test_bad_export_parameters_are_a_400(demo, client):
    response = client.get("/statements/export.csv", {"kind": "nonsense"})
    assert response.status_code == 400
    assert b"kind:" in response.content


def test_the_search_page_links_exports_and_the_feed(demo, client):
    page = client.get("/statements/", {"q": "kosovo", "page": "1"}).content.decode()
    assert 'href="/statements/export.csv?q=kosovo"' in page
    assert 'href="/statements/export.jsonl?q=kosovo"' in page
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert "/statements/feed.atom?q=kosovo" in page


def test_the_data_dictionary_lists_every_column(db, client):
    page = client.get("/statements/columns/").content.decode()
    for column, _ in EXPORT_COLUMNS:
        assert f"<code>{column}</code>" in page
    assert "Statement Archive: a searchable archive of official statements" in page


def test_atom_feeds_of_a_search_a_participant_and_a_hashtag(demo, client):
    search = client.get("/statements/feed.atom", {"q": "Dayton"})
    assert search["Content-Type"].startswith("application/atom+xml")
    body = search.content.decode()
    assert body.count("<entry>") == 2
    assert "<title>Statement Archive: Dayton</title>" in body
    participant = client.get("/participants/aleksandar-vulin/feed.atom").content.decode()
    assert participant.count("<entry>") == 3
    hashtag = client.get("/hashtags/russiaserbia/feed.atom").content.decode()
    assert hashtag.count("<entry>") == 7
    page = client.get("/participants/aleksandar-vulin/").content.decode()
    assert 'href="/participants/aleksandar-vulin/feed.atom"' in page


def test_feeds_never_fail_on_bad_parameters(demo, client):
    assert client.get("/statements/feed.atom", {"kind": "nonsense"}).status_code == 200
    assert client.get("/participants/nobody/feed.atom").status_code == 404


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(db, client):
    source = make.source("S")
    texts = ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn", "Plain = text"]
    for number, text in enumerate(texts):
        make.statement(source, title=f"Post {number}", text=text, location="-")
    rows = list(csv.DictReader(io.StringIO(content(client.get("/statements/export.csv")))))
    by_title = {row["title"]: row for row in rows}
    assert [by_title[f"Post {n}"]["text"] for n in range(len(texts))] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTab",
        "'\rReturn",
        "Plain = text",
    ]
    assert {row["location"] for row in rows} == {"'-"}
    jsonl = content(client.get("/statements/export.jsonl")).splitlines()
    assert sorted(json.loads(line)["text"] for line in jsonl) == sorted(texts)


def test_export_file_names_say_which_search_they_hold(demo, client):
    today = date.today().isoformat()
    response = client.get("/statements/export.csv", {"q": "Kosovo", "kind": "meeting"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="statements-kosovo-meeting-{today}.csv"'
    )
    everything = client.get("/statements/export.jsonl")
    assert everything["Content-Disposition"] == f'attachment; filename="statements-{today}.jsonl"'


def test_an_export_named_in_another_script_keeps_it_as_a_utf8_file_name(demo, client):
    today = date.today().isoformat()
    response = client.get("/statements/export.csv", {"q": "Đurić Лавров date:2025-02"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="statements-duric-date-2025-02-{today}.csv"; '
        "filename*=UTF-8''statements-duric-%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2-date-2025-02-"
        f"{today}.csv"
    )
