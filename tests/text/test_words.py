"""The words of a text as the text search parser reads them (statements/text/words.py),
held against PostgreSQL's own parser: the concordance finds its lines by these spans."""

import json
import random
from pathlib import Path

import pytest
from django.db import connection

from statements.text.words import spans_of, word_spans, words_of

# The parser's token kinds that are words a search for words finds; the compound kinds
# (a hyphenated word, a web address) are followed by their parts, which are read instead.
PARSER_WORDS = {
    "asciiword", "word", "numword", "hword_asciipart", "hword_part", "hword_numpart", "uint",
}  # fmt: skip
PARTS_FOLLOW = {"asciihword", "hword", "numhword", "url"}
REFERENCE = Path("statements/demo/russia_serbia_tme_scrape.txt")
PAIRS = Path("tests/data/translation_pairs.json")
EDGES = (
    "e.g. end.Next U.S. Mr.Lavrov 2024.10.01 v1.2 ru.mid word.word. Path/to/file a_b-c tel:+7 "
    "x@y.com 100% 3,5 #Topic25 @mfa_russia test:vucic Лавров.Он Vučić.Next ru.мид COVID-19 "
    "2020-2021 a-1 1-a https://mid.ru/foreign_policy/news/1.html?x=1 www.mid.ru x.y/z "
    "Sputnik/RT 10:30 25.12.2024 «РИА» G-20 пре-ко naïve co-operation's مُحَمَّد नमस्ते "
    "外交部 ru-miss-0 a-b-1 мир-дом-2 ab-12-cd 2022-03-01T08:00:00 ❗️Russia ☝️Such Ⅻ"
)


def parser_spans(text: str) -> list[tuple[int, int]]:
    """Where PostgreSQL's parser finds words in the text (character offsets)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT alias, token FROM ts_debug('simple', %s)", [text])
        tokens = cursor.fetchall()
    spans, at = [], 0
    for alias, token in tokens:
        if alias in PARTS_FOLLOW:
            continue
        if alias in PARSER_WORDS:
            spans.append((at, at + len(token)))
        at += len(token)
    assert at == len(text)
    return spans


def pair_texts() -> list[str]:
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))
    return [json.dumps(pairs, ensure_ascii=False)]


@pytest.mark.parametrize(
    "text",
    [REFERENCE.read_text(encoding="utf-8"), *pair_texts(), EDGES],
    ids=["reference scrape", "translation pairs", "edge cases"],
)
def test_the_words_are_the_parsers(db, text):
    assert word_spans(text) == parser_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, no address: the meeting met, and met again. Meeting-room.",
        "An address https://mid.ru/meeting/ and a meeting, 1.5 meetings, x@meeting.org",
        "Лавров_и Вучич: встреча, встречи; Вучич.",
        EDGES,
    ],
)
def test_words_and_their_places_agree_with_the_spans(text):
    spans = word_spans(text)
    assert words_of(text) == {text[start:end] for start, end in spans}
    chosen = set(random.Random(7).sample(sorted(words_of(text)), 3))
    assert spans_of(text, chosen) == [(s, e) for s, e in spans if text[s:e] in chosen]
    assert spans_of(text, set()) == []
