"""Snippets that show why a statement matched, through the search page and the API."""

import re

import pytest

from statements.models import Statement
from statements.search.highlight import Highlight, WordTerms, attach_snippets, marked_words
from statements.search.query import parse_query
from tests import factories as make

FILLER = (
    "The delegations discussed bilateral cooperation in trade energy culture and education "
    "and agreed to continue regular consultations between the ministries at every level. "
)


def filler(words: int) -> str:
    """Neutral prose of about this many words, naming no one and no place."""
    text = FILLER * (words // len(FILLER.split()) + 1)
    return " ".join(text.split()[:words])


@pytest.fixture
def lavrov(db):
    return make.participant("Sergey Lavrov", aliases=["Lavrov", "Сергей Лавров"])


def page_items(client, query: str) -> list[str]:
    """Each result of the search page as its HTML."""
    response = client.get("/statements/", {"q": query})
    assert response.status_code == 200
    return re.findall(r'<article class="statement-item">.*?</article>', response.text, re.S)


def api_results(client, query: str) -> list[dict]:
    response = client.get("/api/statements/", {"q": query})
    assert response.status_code == 200
    return response.json()["results"]


def snippet_of(item: str) -> str:
    return re.search(r'<p class="snippet"[^>]*>(.*?)</p>', item, re.S).group(1)


def names_line_of(item: str) -> str:
    return re.search(r'<p class="people">(.*?)</p>', item, re.S).group(1)


def test_a_word_deep_in_the_text_is_shown_when_another_matched_the_title(researcher, lavrov):
    """The issue's `lavrov kosovo`: Lavrov is in the title and names only, Kosovo deep in
    the text; the snippet must show Kosovo, not the opening of the text."""
    make.statement(
        title="Sergey Lavrov meets the Foreign Minister of Serbia",
        text=filler(150) + " The ministers spoke about Kosovo and the region. " + filler(60),
        participants=[lavrov],
    )
    [item] = page_items(researcher, "lavrov kosovo")
    assert "<mark>Kosovo</mark>" in snippet_of(item)
    assert snippet_of(item).startswith("… ")  # a passage from inside the text
    [result] = api_results(researcher, "lavrov kosovo")
    assert "<mark>Kosovo</mark>" in result["snippet"]
    assert "<mark>Lavrov</mark>" in result["marked_title"]


def test_two_words_far_apart_are_both_shown_in_separate_passages(researcher):
    make.statement(
        title="Remarks at the press conference",
        text="On Dayton, " + filler(200) + " and then Pristina was mentioned. " + filler(80),
    )
    [item] = page_items(researcher, "dayton pristina")
    snippet = snippet_of(item)
    assert "<mark>Dayton</mark>" in snippet and "<mark>Pristina</mark>" in snippet
    assert snippet.index("<mark>Dayton</mark>") < snippet.index(" … ")
    assert snippet.index(" … ") < snippet.index("<mark>Pristina</mark>")
    assert len(re.sub(r"<[^>]+>", "", snippet).split()) <= 60  # still a snippet, not the text
    [result] = api_results(researcher, "dayton pristina")
    assert "<mark>Dayton</mark>" in result["snippet"]
    assert "<mark>Pristina</mark>" in result["snippet"]


def test_words_close_together_share_one_passage(researcher):
    make.statement(title="Talks", text=filler(100) + " Dayton and Pristina. " + filler(100))
    [result] = api_results(researcher, "dayton pristina")
    assert "<mark>Dayton</mark> and <mark>Pristina</mark>" in result["snippet"]
    assert result["snippet"].count(" … ") == 0
    assert result["snippet"].startswith("… ") and result["snippet"].endswith(" …")


def test_a_phrase_is_shown_where_its_words_stand_together(researcher):
    make.statement(
        title="Talks",
        text="A resolution was adopted. "
        + filler(120)
        + " They recalled Resolution 1244 of the Security Council. "
        + filler(40),
    )
    [result] = api_results(researcher, '"Resolution 1244"')
    assert "<mark>Resolution</mark> <mark>1244</mark>" in result["snippet"]


def test_a_negated_word_is_not_marked(researcher):
    statement = make.statement(
        title="Kosovo and Pristina",
        text=filler(20) + " Talks on Kosovo were held in Pristina. " + filler(20),
    )
    query = "kosovo OR NOT pristina"
    [item] = page_items(researcher, query)
    assert "<mark>Kosovo</mark>" in item
    assert "Pristina" in snippet_of(item) and "<mark>Pristina</mark>" not in item
    [result] = api_results(researcher, query)
    assert "<mark>Pristina</mark>" not in result["snippet"] + result["marked_title"]
    detail = researcher.get(f"/statements/{statement.pk}/", {"q": query}).text
    assert "<mark>Kosovo</mark>" in detail and "<mark>Pristina</mark>" not in detail


def test_hostile_text_and_names_are_escaped_and_only_marks_are_html(researcher):
    people = make.participant("<b>Lavrov</b><script>alert(1)</script>", aliases=["Lavrov"])
    tag = make.hashtag("#<i>Kosovo</i>", slug="kosovo-tag")
    make.statement(
        title="<script>alert('title')</script> Lavrov",
        text="<img src=x onerror=alert(1)> "
        + filler(150)
        + " on Kosovo & <b>bold</b> </p><script>x</script>",
        participants=[people],
        hashtags=[tag],
    )
    [item] = page_items(researcher, "lavrov kosovo")
    assert "<script>" not in item and "<img" not in item and "<b>" not in item
    snippet = snippet_of(item)
    assert "<mark>Kosovo</mark> &amp; &lt;b&gt;bold&lt;/b&gt; &lt;/p&gt;&lt;script&gt;" in snippet
    assert "<mark>&lt;b&gt;Lavrov&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in item
    [result] = api_results(researcher, "lavrov kosovo")
    html = result["snippet"] + result["marked_title"]
    assert set(re.findall(r"</?\w+", html)) == {"<mark", "</mark"}
    title = "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; <mark>Lavrov</mark>"
    assert result["marked_title"] == title


def test_a_participant_named_by_any_spelling_is_marked_in_the_names_line(researcher, lavrov):
    other = make.participant("Aleksandar Vučić", aliases=["Vucic"])
    make.statement(title="Meeting in Belgrade", text=filler(80), participants=[lavrov, other])
    for query in ("Лавров", "lavrov", '"Sergey Lavrov"'):
        [item] = page_items(researcher, query)
        line = names_line_of(item)
        assert "<mark>Sergey Lavrov</mark>" in line, query
        assert ">Aleksandar Vučić</a>" in line  # not named by the query: not marked
        [result] = api_results(researcher, query)
        assert result["matched_names"] == ["Sergey Lavrov"], query


def test_a_hashtag_the_query_matched_is_shown_and_marked(researcher):
    make.statement(
        title="Meeting in Belgrade",
        text=filler(80),
        hashtags=[make.hashtag("#RussiaSerbia"), make.hashtag("#Diplomacy")],
    )
    [item] = page_items(researcher, "russiaserbia")
    line = names_line_of(item)
    assert '<a href="/hashtags/russiaserbia/"><mark>#RussiaSerbia</mark></a>' in line
    assert "Diplomacy" not in line  # only the hashtags that explain the match
    [result] = api_results(researcher, "russiaserbia")
    assert result["matched_names"] == ["#RussiaSerbia"]


def test_snippets_of_a_page_take_three_queries_whatever_the_terms(
    db, lavrov, django_assert_max_num_queries
):
    source = make.source()
    for number in range(20):
        make.statement(
            source,
            title=f"Talks {number}",
            text=f"Dayton {filler(60)} Pristina {filler(60)} Belgrade {filler(10)} Kosovo",
            participants=[lavrov],
        )
    statements = list(Statement.objects.for_display())  # as a page of results is read
    # The people the words name, the headlines, which term each marked word is.
    with django_assert_max_num_queries(3):
        attach_snippets(statements, parse_query("dayton pristina belgrade kosovo lavrov"))
    for statement in statements:
        for word in ("Dayton", "Pristina", "Belgrade", "Kosovo"):
            assert f"<mark>{word}</mark>" in statement.snippet


def test_a_listing_asks_postgresql_of_each_word_once(db, django_assert_num_queries):
    terms = WordTerms(Highlight.of(parse_query("meeting")))
    with django_assert_num_queries(1):
        terms.learn("archive_english", {"meetings", "Meeting", "lunch", "met"})
    with django_assert_num_queries(0):
        terms.learn("archive_english", {"meetings", "lunch"})
    assert terms.forms["archive_english"] == {"meetings", "Meeting"}


def test_marked_words_are_the_forms_of_the_terms_as_the_search_finds_them(db):
    text = "Meetings, a meeting-room, https://mid.ru/meeting/ and the meetings: a meal_meeting."
    statement = make.statement(text=text, language="en")
    terms = WordTerms(Highlight.of(parse_query("meeting")))
    config, marked = marked_words([statement], terms)[statement.pk]
    assert config == "archive_english"
    marks = [text[start:end] for start, end in marked.marks]
    assert marks == ["Meetings", "meeting", "meetings", "meeting"]
