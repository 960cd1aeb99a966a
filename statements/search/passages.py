"""Passages of a text to show: a text with its marks (the matches, as character offsets),
and the spans of it a snippet shows, chosen to hold every term it can."""

import re
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass

from django.utils.html import escape

# ts_headline marks matches with these; they are stripped from imported text,
# so after HTML-escaping they can safely become <mark> tags.
MARK_START, MARK_END = "\x02", "\x03"
# A snippet's length: about 40 words of English or Russian.
SNIPPET_CHARACTERS = 260
# When one passage cannot hold every term: passages half as long, at most this many.
MAX_PASSAGES = 4
# Text shown before the first match of a passage.
LEAD_CHARACTERS = 40
# A passage is widened to whole words, by at most this much at each end.
WORD_REACH = 20
# Chinese, Japanese and Korean: about a word a character, so their passages are shorter.
CJK_CHARACTER = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class Marked:
    """A text and the spans of it marked as matches (character offsets): by ts_headline, or
    by highlight.marked_words."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, headline: str) -> "Marked":
        pieces, marks, length, start = [], [], 0, None
        for piece in re.split(f"([{MARK_START}{MARK_END}])", headline):
            if piece == MARK_START:
                start = length
            elif piece == MARK_END:
                if start is not None and length > start:
                    marks.append((start, length))
                start = None
            else:
                pieces.append(piece)
                length += len(piece)
        return cls("".join(pieces), tuple(marks))

    def word(self, mark: tuple[int, int]) -> str:
        """The marked word, lower-cased (as the search configurations read it)."""
        return self.text[mark[0] : mark[1]].lower()

    def html(self, start: int = 0, end: int | None = None) -> str:
        """The text from start to end, escaped, its marks in <mark>."""
        end = len(self.text) if end is None else end
        parts, at = [], start
        for mark_start, mark_end in self.marks:
            if mark_end <= start or mark_start >= end:
                continue
            mark_start, mark_end = max(mark_start, at), min(mark_end, end)
            parts += [escape(self.text[at:mark_start]), "<mark>"]
            parts += [escape(self.text[mark_start:mark_end]), "</mark>"]
            at = mark_end
        parts.append(escape(self.text[at:end]))
        return "".join(parts)


def passages(
    text: Marked, mark_terms: dict[tuple[int, int], set[Hashable]], length: int = SNIPPET_CHARACTERS
) -> list[tuple[int, int]]:
    """The spans of the text to show (character offsets, in order): one passage of about
    `length` characters holding every term marked in the text if one can, else passages
    half as long, each chosen to hold the most terms not shown yet. Without marks, the
    opening. Spans end at spaces where there are any (not inside a word)."""
    if not text.text.strip():
        return []
    if CJK_CHARACTER.search(text.text):
        length //= 2
    if not text.marks:
        return [_whole_words(text.text, 0, length)]
    marks = sorted(text.marks)
    # A mark no term claims (a form the classifier read differently) is its own term.
    keys = [mark_terms.get(mark) or {("mark", text.word(mark))} for mark in marks]
    windows, missing = _windows(marks, keys, len(text.text), length, 1)
    if missing:
        windows, _ = _windows(marks, keys, len(text.text), length // 2, MAX_PASSAGES)
    return _merged([_whole_words(text.text, first, last) for first, last in windows])


def _windows(
    marks: list[tuple[int, int]], keys: list[set[Hashable]], count: int, size: int, limit: int
) -> tuple[list[tuple[int, int]], set[Hashable]]:
    """Up to `limit` windows of `size` characters, chosen greedily: each holds the most
    terms not yet held (the earliest of equals); and the terms left. Linear in the marks."""
    missing = set().union(*keys)
    chosen = []
    while missing and len(chosen) < limit:
        best, best_window, best_terms = 0, (0, 0), set()
        held: Counter = Counter()
        following = 0
        for index, (start, _) in enumerate(marks):
            first = max(0, min(start - LEAD_CHARACTERS, count - size))
            last = min(first + size, count)
            while following < len(marks) and (following <= index or marks[following][1] <= last):
                held.update(keys[following])
                following += 1
            terms = {key for key, times in held.items() if times > 0} & missing
            if len(terms) > best:
                best, best_window, best_terms = len(terms), (first, last), terms
            held.subtract(keys[index])
        if not best:
            break
        chosen.append(best_window)
        missing -= best_terms
    return chosen, missing


def _whole_words(text: str, first: int, last: int) -> tuple[int, int]:
    """The span widened to the words it cuts, by WORD_REACH at most (a text written without
    spaces is cut where it is), without the spaces at its ends."""
    first, last = max(0, first), min(last, len(text))
    if first > 0 and not text[first - 1].isspace():
        reach = max(0, first - WORD_REACH)
        space = re.search(r"\s\S*$", text[reach:first])
        first = reach + space.start() + 1 if space else first
    if last < len(text) and not text[last].isspace():
        space = re.search(r"\s", text[last : last + WORD_REACH])
        last = last + space.start() if space else last
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return first, last


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(windows):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged
