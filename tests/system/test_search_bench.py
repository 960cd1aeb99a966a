"""The search bench's own reckoning: the exact figures it checks the site against, and the
Datasette equivalents of its searches (checked on SQLite's FTS5 as sqlite-utils sets it up,
with the standard library's sqlite3: the bench extra is not needed to test them)."""

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from bench import search_bench
from bench.peer_equivalents import TABLE, corpus_rows, fts_query, page_start_sql, peer_search
from statements.models import Statement
from statements.search.query import parse_query
from tests import factories


@pytest.fixture
def archive(db):
    """Five statements: Lavrov in two, #Kosovo in two, one in 2020, one hidden."""
    lavrov = factories.participant("Sergey Lavrov", aliases=["Lavrov"])
    vucic = factories.participant("Aleksandar Vučić")
    kosovo = factories.hashtag("#Kosovo")
    mfa = factories.source("MFA of Russia")
    made = {
        "talks": factories.statement(
            mfa,
            "Talks on Kosovo",
            text="Talks on Kosovo and the Dayton agreement in a telephone conversation.",
            participants=[lavrov],
            hashtags=[kosovo],
            published_at=datetime(2020, 3, 4, 10, tzinfo=UTC),
        ),
        "pristina": factories.statement(
            mfa,
            "Pristina",
            text="Kosovo and Pristina: a conversation by telephone.",
            participants=[lavrov, vucic],
            published_at=datetime(2021, 5, 6, 10, tzinfo=UTC),
        ),
        "dayton": factories.statement(
            mfa,
            "Dayton",
            text="The Dayton agreement, thirty years on.",
            hashtags=[kosovo],
            published_at=datetime(2022, 1, 2, 10, tzinfo=UTC),
        ),
        "kosmos": factories.statement(
            mfa,
            "Kosmos",
            text="Space, the kosmos, begins with the same letters.",
            published_at=datetime(2023, 1, 2, 10, tzinfo=UTC),
        ),
        "hidden": factories.statement(
            mfa, "Hidden", text="Kosovo, hidden.", status=Statement.Status.HIDDEN
        ),
    }
    return made


def sqlite_copy(rows) -> sqlite3.Connection:
    """The rows in SQLite as the bench's copy holds them: lists as JSON arrays, and the
    FTS5 table sqlite-utils' enable_fts(..., tokenize="porter") makes over them."""
    database = sqlite3.connect(":memory:")
    database.execute(
        f"create table {TABLE} (id integer primary key, title text, text text, date text, "
        "year integer, kind text, source text, language text, participants text, "
        "hashtags text)"
    )
    for row in rows:
        values = {
            key: json.dumps(value) if isinstance(value, list) else value
            for key, value in row.items()
        }
        database.execute(
            f"insert into {TABLE} values (:id, :title, :text, :date, :year, :kind, :source, "
            ":language, :participants, :hashtags)",
            values,
        )
    database.execute(
        f"create virtual table {TABLE}_fts using fts5 (title, text, participants, hashtags, "
        f"tokenize='porter', content={TABLE})"
    )
    database.execute(
        f"insert into {TABLE}_fts (rowid, title, text, participants, hashtags) "
        f"select rowid, title, text, participants, hashtags from {TABLE}"
    )
    return database


def test_it_copies_the_listed_statements_with_names_as_arrays(archive):
    rows = {row["id"]: row for row in corpus_rows()}

    assert set(rows) == {archive[name].pk for name in ("talks", "pristina", "dayton", "kosmos")}
    pristina = rows[archive["pristina"].pk]
    assert pristina["participants"] == ["Aleksandar Vučić", "Sergey Lavrov"]
    assert pristina["hashtags"] == []
    assert pristina["source"] == "MFA of Russia"
    assert pristina["date"] == "2021-05-06T10:00:00+00:00"
    assert pristina["year"] == 2021


@pytest.mark.parametrize(
    "query, fts",
    [
        ("kosovo", '"kosovo"'),
        ('"telephone conversation"', '"telephone conversation"'),
        ("kosovo OR dayton", '("kosovo" OR "dayton")'),
        ("kosovo -pristina", '"kosovo" NOT "pristina"'),
        ("kosovo NOT pristina", '"kosovo" NOT "pristina"'),
        ("kos*", '"kos"*'),
        ("dayton kosovo", '"dayton" AND "kosovo"'),
        ("-kosovo", None),  # FTS5's NOT needs something on its left
    ],
)
def test_it_says_each_query_in_fts5_syntax(query, fts):
    assert fts_query(parse_query(query)) == fts


@pytest.mark.parametrize(
    "query",
    [
        "kosovo",
        '"telephone conversation"',
        "kosovo OR dayton",
        "kosovo -pristina",
        "kos*",
        "person:sergey-lavrov",
        "person:sergey-lavrov kosovo",
        "tag:kosovo",
        "kosovo date:2020-01..2020-06",
        "date:2021..2022",
    ],
)
def test_the_datasette_equivalent_finds_what_the_site_finds(archive, query):
    database = sqlite_copy(corpus_rows())
    search = peer_search({"q": query}, "newest")
    where = " and ".join(search.where)
    peer = {
        pk for (pk,) in database.execute(f"select id from {TABLE} where {where}", search.values)
    }

    site = set(search_bench.filtered({"q": query}).qs.values_list("pk", flat=True))

    assert site  # each query finds something here
    assert peer == site


def test_the_datasette_page_is_in_our_order_where_it_has_one(archive):
    newest = peer_search({"q": "kosovo"}, "newest")
    relevance = peer_search({"q": "kosovo"}, "relevance")

    assert ("_sort_desc", "date") in newest.args
    assert newest.order == "date desc"
    assert relevance.order == "id"  # the table page has no rank
    assert ("_searchmode", "raw") in relevance.args
    assert peer_search({"q": "person:nobody-at-all"}, "newest") is None
    assert peer_search({"q": "kosovo", "kind": "meeting"}, "newest") is None


def test_a_deep_page_starts_after_the_row_before_it_in_datasettes_order(archive):
    database = sqlite_copy(corpus_rows())
    newest = peer_search({}, "newest")
    by_id = peer_search({"q": "kosovo"}, "relevance")

    assert database.execute(*page_start_sql(newest, 2)).fetchone() == (
        "2022-01-02T10:00:00+00:00",
        archive["dayton"].pk,
    )
    assert database.execute(*page_start_sql(by_id, 1)).fetchone()[1] == archive["talks"].pk


def test_a_search_of_filters_alone_is_newest_first(archive):
    assert search_bench.effective_order({"q": "person:sergey-lavrov"}) == "newest"
    assert search_bench.effective_order({"q": "kosovo"}) == "relevance"
    assert search_bench.effective_order({}) == "newest"


def test_the_plain_sql_reads_the_parameters_as_a_request_gives_them(archive):
    assert search_bench.plain_sql({"q": "kosovo"}) > 0
    assert search_bench.exact_count({"q": "kosovo"}) == 3  # the hidden one is not listed
    assert search_bench.exact_count({"q": "person:sergey-lavrov kosovo"}) == 2


def test_the_exact_top_is_every_match_ranked(archive):
    top = search_bench.exact_top({"q": "kosovo"})
    ranks = [rank for _, rank in top]

    assert {pk for pk, _ in top} == {archive[n].pk for n in ("talks", "pristina", "dayton")}
    assert ranks == sorted(ranks, reverse=True)
    assert top[0][0] == archive["talks"].pk  # in the title, the text and the hashtag
    assert search_bench.exact_top({"q": "person:sergey-lavrov"}) is None  # no rank


def test_the_overlap_counts_the_exact_top_20_on_page_1():
    exact = [(pk, 1.0 - pk / 100) for pk in range(1, 22)]  # 21 distinct ranks
    page = {pk: rank for pk, rank in exact[:20]}

    assert search_bench.overlap_figure(exact, page) == "20/20"
    assert search_bench.overlap_figure(exact, {**dict(exact[:15]), 99: 0.01}) == "15/20"
    assert search_bench.overlap_figure(exact[:3], dict(exact[:2])) == "2/3"


def test_the_overlap_says_when_ties_at_the_20th_rank_allow_another_top_20():
    exact = [(pk, 1.0 - pk / 100) for pk in range(1, 20)] + [(20, 0.5), (21, 0.5)]
    page = {**dict(exact[:19]), 21: 0.5}  # the 21st, tied with the 20th, shown instead

    assert search_bench.overlap_figure(exact, page) == "19/20 (20 with ties)"


def test_the_count_check_says_exact_about_or_wrong():
    assert search_bench.count_figure(6368, True, 6368) == "exact"
    assert search_bench.count_figure(6400, False, 6368) == "about 6,400 (6,368)"
    assert search_bench.count_figure(6400, True, 6368) == "WRONG 6,400 ≠ 6,368"
    assert search_bench.count_figure(6368, False, 6368) == "exact, said about"
