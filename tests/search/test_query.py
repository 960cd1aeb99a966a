"""The query language, parsed without a database."""

import pytest

from statements.search.query import InlineFilter, Term, parse_query


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("kosovo serbia", [["kosovo"], ["serbia"]]),
        ('"Resolution 1244" -pristina', [['"Resolution 1244"'], ["-pristina"]]),
        ("dayton OR kosovo", [["dayton", "kosovo"]]),
        ("serb*", [["serb*"]]),
        ("se*", [["se"]]),  # too short for a prefix: a plain word
        ('"unbalanced', [["unbalanced"]]),
        ("!!! ??? ---", []),
        ("OR OR", []),
        ("", []),
        ("kosovo NOT pristina", [["kosovo"], ["-pristina"]]),
        ("kosovo AND pristina", [["kosovo"], ["pristina"]]),
        ("(kosovo OR dayton) lavrov", [["kosovo", "dayton"], ["lavrov"]]),
        ("NOT (kosovo OR dayton)", [["-kosovo"], ["-dayton"]]),
        ("-(kosovo dayton)", [["-kosovo", "-dayton"]]),
        ("(kosovo lavrov) OR dayton", [["kosovo", "dayton"], ["lavrov", "dayton"]]),
        ("((kosovo) OR (dayton", [["kosovo", "dayton"]]),  # unclosed: closed at the end
        (")kosovo(", [["kosovo"]]),  # stray brackets are no words
        ("kosovo NOT", [["kosovo"]]),
        ("(" * 500 + "kosovo", []),  # too deep to be a query: nothing, and no error
    ],
)
def test_the_query_parser(raw, expected):
    parsed = parse_query(raw)
    assert [[str(term) for term in clause] for clause in parsed.clauses] == expected


def test_inline_filters_are_taken_out_of_the_words():
    parsed = parse_query('kosovo person:"Marko Đurić" date:2024 lang:""')
    assert parsed.filters == (
        InlineFilter("participant", "Marko Đurić", 'person:"Marko Đurić"'),
        InlineFilter("date", "2024", "date:2024"),
    )
    assert [str(term) for term in parsed.terms] == ["kosovo"]


def test_a_chip_removes_the_token_as_written():
    parsed = parse_query("Serb* -pristina date:2024")
    assert parsed.token_of(Term("serb", prefix=True)) == "Serb*"
    assert parsed.without("date:2024") == "Serb* -pristina"
    assert not parse_query("date:2024")  # filters alone are no words to search


@pytest.mark.parametrize(
    "raw, said",
    [
        ("country:serbia", "“country:” is not a filter"),
        ("se*", "“se*”: a prefix needs 3 letters or more; searched as the word “se”."),
    ],
)
def test_what_is_not_read_as_written_is_said(raw, said):
    (note,) = parse_query(raw).notes
    assert said in note


@pytest.mark.parametrize("raw", ["https://t.me/mfa_russia", "talks at 10:30"])
def test_a_link_or_a_time_is_not_taken_for_a_filter(raw):
    assert parse_query(raw).notes == ()
