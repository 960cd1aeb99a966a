"""Keyword in context (/concordance/): a line per occurrence of the searched words, in any
of their forms, through the page and its CSV."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from statements.search import concordance
from tests import factories as make
from tests.web.sql import queries_ranking

ENGLISH = [
    "The meeting was long. After the meeting the ministers spoke of meetings to come.",
    "Meetings in Belgrade: a meeting on trade, then lunch.",
    "No such word here, only a meal.",
]
RUSSIAN = [
    "Министр встретился с министром Сербии. Министры обсудили торговлю.",
    "Заявление министра о встрече.",
]
ARABIC = ["التقى وزير الخارجية بوزير خارجية صربيا في وزارة الخارجية."]
CHINESE = ["外交部发言人表示，中国外交部欢迎会谈。", "今天天气很好。"]


def counted(texts: list[str], forms: str) -> int:
    """The occurrences a reader counts: the whole words of these forms."""
    return sum(len(re.findall(rf"(?<!\w)(?:{forms})(?!\w)", text, re.I)) for text in texts)


@pytest.fixture
def archive(db):
    source = make.source("Ministry", slug="ministry")
    day = datetime(2024, 3, 1, tzinfo=UTC)
    made = []
    for number, (language, text) in enumerate(
        [("en", t) for t in ENGLISH]
        + [("ru", t) for t in RUSSIAN]
        + [("ar", t) for t in ARABIC]
        + [("zh", t) for t in CHINESE]
    ):
        made.append(
            make.statement(
                source,
                title=f"Statement {number}",
                text=text,
                language=language,
                published_at=day + timedelta(days=number),
            )
        )
    return made


def page_lines(response) -> list[tuple[str, str, str]]:
    assert response.status_code == 200
    body = re.search(r"<tbody>(.*?)</tbody>", response.text, re.S)
    if body is None:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    cells = []
    for row in rows:
        left = re.search(r'<td class="left"[^>]*>(.*?)</td>', row, re.S).group(1)
        match = re.search(r"<mark>(.*?)</mark>", row, re.S).group(1)
        right = re.search(r'<td class="right"[^>]*>(.*?)</td>', row, re.S).group(1)
        cells.append((left, match, right))
    return cells


def csv_lines(client, params: dict) -> list[tuple[str, str, str]]:
    response = client.get("/concordance/export.csv", params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    return [(row["left"], row["match"], row["right"]) for row in rows]


@pytest.mark.parametrize(
    ("query", "texts", "forms"),
    [
        ("meeting", ENGLISH, "meeting|meetings"),
        ("министр", RUSSIAN, "министр|министром|министры|министра"),
        ("الخارجية", ARABIC, "الخارجية|خارجية"),
    ],
)
def test_it_lists_every_form_of_a_word_a_line_each(researcher, archive, query, texts, forms):
    response = researcher.get("/concordance/", {"q": query})
    lines = page_lines(response)
    assert len(lines) == counted(texts, forms)
    assert all(re.fullmatch(forms, match, re.I) for _, match, _ in lines)
    statements = sum(1 for text in texts if counted([text], forms))
    assert f"<strong>{len(lines)}</strong> occurrence" in response.text
    assert f"in <strong>{statements}</strong> statement" in response.text


def test_chinese_is_found_as_characters_with_character_contexts(researcher, archive):
    lines = page_lines(researcher.get("/concordance/", {"q": "外交部", "width": 3}))
    assert lines == [("", "外交部", "发言人"), ("，中国", "外交部", "欢迎会")]


def test_contexts_hold_the_words_asked_for(researcher, archive):
    lines = page_lines(researcher.get("/concordance/", {"q": "meeting", "width": 2}))
    assert ("After the", "meeting", "the ministers") in lines
    assert ("", "Meetings", "in Belgrade:") in lines


def test_a_phrase_is_a_line_only_where_its_words_stand_together(researcher, db):
    text = "The Foreign Minister spoke; ministers of foreign trade met. Foreign ministers agreed."
    make.statement(text=text, language="en")
    lines = page_lines(researcher.get("/concordance/", {"q": '"foreign minister"'}))
    assert [match for _, match, _ in lines] == ["Foreign Minister"]


def test_a_word_inside_an_address_is_no_line_as_the_search_finds_none_there(researcher, db):
    text = (
        "Foreign policy first. See https://mid.ru/foreign_policy/news/ and policy.example.org,"
        " write to policy@mid.ru; the policy_paper and the COVID-19 policies."
    )
    make.statement(text=text, language="en")
    lines = page_lines(researcher.get("/concordance/", {"q": "policy"}))
    assert [match for _, match, _ in lines] == ["policy", "policy", "policies"]


def test_the_search_filters_apply(researcher, archive):
    lines = page_lines(researcher.get("/concordance/", {"q": "meeting", "date_to": "2024-03-01"}))
    assert len(lines) == counted(ENGLISH[:1], "meeting|meetings")


def test_lines_sort_by_their_neighbours(researcher, archive):
    right = page_lines(researcher.get("/concordance/", {"q": "meeting", "sort": "right"}))
    keys = [re.findall(r"\w+", after.lower()) for _, _, after in right]
    assert keys == sorted(keys)
    left = page_lines(researcher.get("/concordance/", {"q": "meeting", "sort": "left"}))
    keys = [re.findall(r"\w+", before.lower())[::-1] for before, _, _ in left]
    assert keys == sorted(keys)
    assert sorted(left) == sorted(right)


def test_the_csv_holds_the_lines_of_the_pages(researcher, archive):
    for sort in ("newest", "oldest", "left", "right"):
        params = {"q": "meeting OR министр", "sort": sort}
        assert csv_lines(researcher, params) == page_lines(researcher.get("/concordance/", params))


def follow_pages(client, params: dict) -> list[tuple[str, str, str]]:
    lines, url, pages = [], "/concordance/", 0
    while url:
        response = client.get(url, params if pages == 0 else None)
        lines += page_lines(response)
        found = re.search(r'<a href="([^"]+)" rel="next">', response.text)
        url = "/concordance/" + found.group(1).replace("&amp;", "&") if found else ""
        pages += 1
        assert pages < 100
    return lines


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(concordance, "LINES_PER_PAGE", 3)
    monkeypatch.setattr(concordance, "STATEMENTS_PER_PAGE_READ", 2)
    monkeypatch.setattr(concordance, "STATEMENTS_PER_EXPORT_READ", 2)


@pytest.mark.parametrize("read_whole", [True, False])
def test_paging_reaches_every_line_and_the_csv_equals_the_pages(
    researcher, archive, small_pages, monkeypatch, read_whole
):
    if not read_whole:  # a big result: by date, page after page by cursor
        monkeypatch.setattr(concordance, "ALL_READ_UP_TO", 0)
        monkeypatch.setattr("statements.concordance_pages.ALL_READ_UP_TO", 0)
    params = {"q": "meeting OR министр OR الخارجية", "sort": "oldest"}
    lines = follow_pages(researcher, params)
    expected = (
        counted(ENGLISH, "meeting|meetings")
        + counted(RUSSIAN, "министр|министром|министры|министра")
        + counted(ARABIC, "الخارجية|خارجية")
    )
    assert len(lines) == expected
    assert lines == csv_lines(researcher, params)


def api_lines(client, params: dict) -> list[tuple[str, str, str]]:
    """Every line the API gives, following its `next` links."""
    lines, url, pages = [], "/api/concordance/", 0
    while url:
        body = client.get(url, params if pages == 0 else None).json()
        lines += [(line["left"], line["match"], line["right"]) for line in body["lines"]]
        url = body["next"] or ""
        pages += 1
        assert pages < 100
    return lines


@pytest.mark.parametrize("read_whole", [True, False])
def test_the_api_pages_through_the_lines_of_the_pages(
    researcher, archive, small_pages, monkeypatch, read_whole
):
    if not read_whole:
        monkeypatch.setattr(concordance, "ALL_READ_UP_TO", 0)
    params = {"q": "meeting OR министр OR الخارجية", "sort": "oldest"}
    lines = api_lines(researcher, params)
    assert lines == follow_pages(researcher, params)
    first = researcher.get("/api/concordance/", params).json()
    assert first["statements"] == 5
    assert first["lines_count"] == (len(lines) if read_whole else None)
    assert first["lines"][0]["statement"]["url"].endswith("/")


def test_a_big_result_says_neighbour_sorts_need_a_narrower_search(researcher, archive, monkeypatch):
    monkeypatch.setattr(concordance, "ALL_READ_UP_TO", 0)
    response = researcher.get("/concordance/", {"q": "meeting", "sort": "left"})
    assert "Sorting by neighbouring words" in response.text
    assert "<strong>2</strong> statements match" in response.text
    assert len(page_lines(response)) == counted(ENGLISH, "meeting|meetings")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "meeting", "width": "0"},
        {"q": "meeting", "width": "many"},
        {"q": "meeting", "width": "31"},
        {"q": "meeting", "sort": "sideways"},
        {"q": "meeting", "page": "0"},
        {"q": "meeting", "after": "not-a-cursor"},
        {"q": "meeting", "after": "2024-01-01T00:00:00+00:00~12~x"},
        {"q": "meeting", "date_from": "someday"},
        {"q": "meeting", "kind": "sermon"},
    ],
)
def test_bad_input_is_a_400(researcher, archive, params):
    assert researcher.get("/concordance/", params).status_code == 400
    assert researcher.get("/concordance/export.csv", params).status_code == 400
    assert researcher.get("/api/concordance/", params).status_code == 400


def test_without_words_the_page_explains_and_the_csv_refuses(researcher, archive):
    response = researcher.get("/concordance/")
    assert response.status_code == 200
    assert "Type a word or a phrase" in response.text
    assert researcher.get("/concordance/export.csv").status_code == 400
    assert researcher.get("/concordance/export.csv", {"q": "-meeting"}).status_code == 400


@pytest.mark.parametrize("path", ["/concordance/", "/api/concordance/", "/concordance/export.csv"])
def test_the_concordance_counts_its_search_without_ranking_it(researcher, archive, path):
    """It lists its lines by date or by neighbours: ranking every match would be wasted."""
    assert not queries_ranking(researcher, path, {"q": "meeting"})
