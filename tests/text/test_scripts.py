"""The character classes of statements.text.scripts and the SQL functions the index reads
(migration 0012) agree: what Python folds, the index folds; what Python takes for Chinese,
Japanese or Korean, the index cuts into pairs."""

import pytest
from django.db import connection

from statements.text.normalize import fold
from statements.text.scripts import CJK, FOLDED_MARKS, has_cjk


def characters_of(ranges: str) -> list[str]:
    """Every character of a regex class's ranges ("a-cx" → a b c x), capped per range."""
    characters, at = [], 0
    while at < len(ranges):
        if at + 2 < len(ranges) and ranges[at + 1] == "-":
            first, last = ord(ranges[at]), ord(ranges[at + 2])
            characters += [chr(first), chr((first + last) // 2), chr(last)]
            at += 3
        else:
            characters.append(ranges[at])
            at += 1
    return characters


def sql(function: str, texts: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {function}(t) FROM unnest(%s::text[]) WITH ORDINALITY u(t, n) ORDER BY n",
            [texts],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_index_folds_exactly_the_marks_python_folds():
    marks = characters_of(FOLDED_MARKS.pattern.strip("[]"))
    folded = sql("archive_fold_marks", [f"ب{mark}ت" for mark in marks])
    assert folded == ["بت"] * len(marks)
    assert all(fold(f"ب{mark}ت") == "بت" for mark in marks)
    neighbours = ["\u0609", "\u061b", "\u064a", "\u0660", "\u02ba", "\u02c0", "a", "é"]
    assert sql("archive_fold_marks", neighbours) == neighbours


@pytest.mark.django_db
def test_the_index_cuts_into_pairs_exactly_what_python_takes_for_cjk():
    inside = characters_of(CJK)
    assert all(has_cjk(c) for c in inside)
    assert sql("archive_search_text", [c * 3 for c in inside]) == [
        f" {c * 2} {c * 2} " for c in inside
    ]
    outside = ["\u30fb", "\u3002", "\uff0c", "\u33ff", "\u4dc0", "\ua000", "a", "я", "ب"]
    assert not any(has_cjk(c) for c in outside)
    assert sql("archive_search_text", [c * 3 for c in outside]) == [c * 3 for c in outside]


@pytest.mark.django_db
def test_running_text_is_cut_into_overlapping_pairs_apart_from_its_neighbours():
    (pairs,) = sql("archive_search_text", ["新的微软浏览器。Edge浏览器 软"])
    assert pairs.split() == [
        "新的",
        "的微",
        "微软",
        "软浏",
        "浏览",
        "览器",
        "。Edge",
        "浏览",
        "览器",
        "软",
    ]
