"""Keyword in context: every occurrence of a search's words in the text of its matching
statements, as a line of left context, the match and right context.

The occurrences are the words of a text that are forms of the search's terms, each told by
the term it is a form of (highlight.marked_words: the text search parser's words, found in
Python; which are forms of a term, PostgreSQL says in the statement's configuration, once
per distinct word of a listing, so every form the search matches by its stem is found). A
phrase is a run of them holding its words in order, as written (the rule of
compile.exact_phrase). Chinese, Japanese and Korean words are found as the search finds them,
as the characters themselves (the index holds them in character pairs); their contexts are
counted in characters, not words.

Statements are read in a fixed order (by date), a few at a time, until a page is full, so the
first page of a word in a tenth of the archive reads a few dozen statements, not all of them.
A result of up to ALL_READ_UP_TO statements is read whole: its occurrences are counted
exactly and may be sorted by their neighbouring words. A bigger one is listed by date, page
after page by cursor, and its CSV streams every line; sorting by neighbours would read every
statement for the first page, so it is offered only for smaller results (the page says so).
"""

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from statements.models import Source, Statement
from statements.querysets import StatementQuerySet
from statements.search.highlight import Highlight, WordTerms, marked_words
from statements.search.paging import keyset_ids, make_cursor, parse_cursor
from statements.search.passages import Marked
from statements.search.query import ParsedQuery, Term
from statements.search.results import SEARCH_PLANNER, planner_settings
from statements.text.normalize import fold
from statements.text.scripts import has_cjk

LINES_PER_PAGE = 50
# Statements read at a time: for a page (about a line a statement), and for the CSV.
STATEMENTS_PER_PAGE_READ = 20
STATEMENTS_PER_EXPORT_READ = 1_000
# A result of up to this many statements is read whole (exact total, neighbour sorts).
ALL_READ_UP_TO = 1_000
WIDTH = 8
MAX_WIDTH = 30
# The orders lines are offered in: by date, or by the words next to the match.
CONCORDANCE_SORTS = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("left", "Left neighbours"),
    ("right", "Right neighbours"),
]
NEIGHBOUR_SORTS = ("left", "right")
# The concordance's own parameters; the others are the search's.
CONCORDANCE_PARAMS = ("sort", "width", "page", "after")
# A context is looked for this far (characters per word asked for) from its match.
CHARACTERS_PER_WORD = 40
WORD = re.compile(r"\w+")
# What a line quotes of its statement (Quoted), read with the id of its source.
QUOTED = ("pk", "text", "language", "sort_date", "published_at")


@dataclass(frozen=True)
class Quoted:
    """A statement as its lines show it: its text, its dates and its source (read as plain
    values: a CSV quotes tens of thousands)."""

    pk: int
    text: str
    language: str
    sort_date: datetime | None
    published_at: datetime | None
    source: Source

    def get_absolute_url(self) -> str:
        return Statement(pk=self.pk).get_absolute_url()


@dataclass(frozen=True)
class Line:
    """One occurrence: the `number`-th (from 0) in its statement's text."""

    statement: Quoted
    number: int
    left: str
    match: str
    right: str

    def left_key(self) -> tuple:
        """The words to the left, nearest first, then the rest of the line."""
        return (_words(self.left)[::-1], fold(self.match), *self._order())

    def right_key(self) -> tuple:
        return (_words(self.right), fold(self.match), *self._order())

    def _order(self) -> tuple:
        return (self.statement.sort_date or datetime.max, self.statement.pk, self.number)


@dataclass
class ConcordancePage:
    """A page of lines. `occurrences` is the exact total when the result was read whole (None
    when it is listed by cursor); `next_cursor` leads on from a result listed by date."""

    lines: list[Line]
    statements: int
    occurrences: int | None
    number: int
    has_next: bool
    next_cursor: str = ""
    sort: str = "newest"

    @property
    def num_pages(self) -> int | None:
        if self.occurrences is None:
            return None
        return max(1, -(-self.occurrences // LINES_PER_PAGE))


@dataclass(frozen=True)
class Finder:
    """What finds a query's occurrences in texts: its terms, and which words are forms of
    those written in words (kept while a listing reads statement after statement)."""

    terms: tuple[Term, ...]
    worded: tuple[Term, ...]
    words: WordTerms

    @classmethod
    def of(cls, parsed: ParsedQuery) -> "Finder | None":
        highlight = Highlight.of(parsed)
        if highlight is None:
            return None
        worded = tuple(term for term in highlight.terms if not has_cjk(term.text))
        return cls(highlight.terms, worded, WordTerms(Highlight(worded, highlight.spellings)))

    def lines(self, statements: Sequence[Quoted], width: int) -> list[Line]:
        """Every occurrence of the terms in the statements' texts, in their order."""
        marked = marked_words(statements, self.words) if self.worded else {}
        lines = []
        for statement in statements:
            config, text = marked.get(statement.pk, ("", Marked(statement.text)))
            spans = set()
            for number, term in enumerate(self.worded):
                spans.update(_term_spans(text, config, self.words.known, number, term))
            for term in self.terms:
                if has_cjk(term.text):
                    spans.update(_character_spans(statement.text, term))
            lines += [
                _line(statement, index, statement.text, span, width)
                for index, span in enumerate(_without_overlaps(spans))
            ]
        return lines


def concordance_page(
    result: StatementQuerySet,
    statements: int,
    parsed: ParsedQuery,
    sort: str,
    width: int,
    number: int = 1,
    after: str = "",
) -> ConcordancePage:
    """The page of lines asked for: by page number of a result read whole, by cursor (after)
    of a bigger one, read by date."""
    if statements <= ALL_READ_UP_TO:
        lines = every_line(result, parsed, sort, width)
        number = min(number, max(1, -(-len(lines) // LINES_PER_PAGE)))
        start = (number - 1) * LINES_PER_PAGE
        shown = lines[start : start + LINES_PER_PAGE]
        more = len(lines) > start + LINES_PER_PAGE
        return ConcordancePage(shown, statements, len(lines), number, more, sort=sort)
    sort = sort if sort in ("newest", "oldest") else "newest"
    lines, more = _lines_by_date(result, parsed, sort, width, after, LINES_PER_PAGE + 1)
    page = ConcordancePage(lines[:LINES_PER_PAGE], statements, None, number, more, sort=sort)
    if more and page.lines:
        last = page.lines[-1]
        page.next_cursor = f"{make_cursor(last.statement)}~{last.number + 1}"
    return page


def every_line(result: StatementQuerySet, parsed: ParsedQuery, sort: str, width: int) -> list[Line]:
    """All lines of a result, in the sort order (neighbour sorts read it whole)."""
    lines = list(stream_lines(result, parsed, "oldest" if sort == "oldest" else "newest", width))
    if sort == "left":
        lines.sort(key=Line.left_key)
    elif sort == "right":
        lines.sort(key=Line.right_key)
    return lines


def stream_lines(
    result: StatementQuerySet, parsed: ParsedQuery, sort: str, width: int
) -> Iterator[Line]:
    """Every line of a result by date, STATEMENTS_PER_EXPORT_READ statements at a time (their
    ids read first, in one query: 8 bytes each)."""
    finder = Finder.of(parsed)
    if finder is None:
        return
    with planner_settings(**SEARCH_PLANNER):
        ids = array("q", result.sorted_by(sort).values_list("pk", flat=True))
    for start in range(0, len(ids), STATEMENTS_PER_EXPORT_READ):
        batch = _statements(ids[start : start + STATEMENTS_PER_EXPORT_READ])
        yield from finder.lines(batch, width)


def valid_concordance_cursor(text: str) -> bool:
    head, _, skip = text.rpartition("~")
    return skip.isdigit() and len(skip) < 9 and parse_cursor(head) is not None


def _lines_by_date(
    result: StatementQuerySet, parsed: ParsedQuery, sort: str, width: int, after: str, wanted: int
) -> tuple[list[Line], bool]:
    """Up to `wanted` lines from the cursor on (the lines of its statement from its skip, then
    the statements after it), and whether more follow."""
    finder = Finder.of(parsed)
    if finder is None:
        return [], False
    lines: list[Line] = []
    cursor = None
    if after:
        head, _, skip = after.rpartition("~")
        cursor = parse_cursor(head)
        current = _statements(result.filter(pk=cursor[1]).values_list("pk", flat=True))
        lines += finder.lines(current, width)[int(skip) :]
    while len(lines) < wanted:
        batch = _statements_after(result, sort, cursor, STATEMENTS_PER_PAGE_READ)
        lines += finder.lines(batch, width)
        if len(batch) < STATEMENTS_PER_PAGE_READ:
            return lines, len(lines) >= wanted
        cursor = (batch[-1].sort_date, batch[-1].pk)
    return lines, True


def _statements_after(
    result: StatementQuerySet, sort: str, cursor: tuple | None, limit: int
) -> list[Quoted]:
    with planner_settings(**SEARCH_PLANNER):
        if cursor is not None:
            return _statements(keyset_ids(result, sort, cursor, limit))
        return _statements(result.sorted_by(sort).values_list("pk", flat=True)[:limit])


def _statements(ids: Iterable[int]) -> list[Quoted]:
    """The listed statements of these ids, in their order, as their lines quote them."""
    ids = list(ids)
    rows = Statement.objects.listed().filter(pk__in=ids).values_list(*QUOTED, "source_id")
    sources = Source.objects.in_bulk({row[-1] for row in rows})
    by_id = {row[0]: Quoted(*row[:-1], source=sources[row[-1]]) for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _term_spans(
    text: Marked, config: str, terms_of: dict, number: int, term: Term
) -> list[tuple[int, int]]:
    """The spans of the text that are this term: a mark that is a form of it, or for a term
    of several words a run of marks holding them in order, next to each other, as written
    when it is a phrase."""
    words = WORD.findall(term.text) or [term.text]
    size = 1 if term.prefix else len(words)
    marks = sorted(text.marks)

    def is_word(mark: tuple[int, int], position: int) -> bool:
        return (number, position) in terms_of.get((config, text.text[mark[0] : mark[1]]), ())

    spans = []
    for first in range(len(marks) - size + 1):
        run = marks[first : first + size]
        if not all(is_word(mark, position) for position, mark in enumerate(run)):
            continue
        if any(WORD.search(text.text[a[1] : b[0]]) for a, b in zip(run, run[1:], strict=False)):
            continue  # another word between them
        span = (run[0][0], run[-1][1])
        if term.phrase and _words(text.text[span[0] : span[1]]) != _words(term.text):
            continue
        spans.append(span)
    return spans


def _character_spans(text: str, term: Term) -> list[tuple[int, int]]:
    """Where a Chinese, Japanese or Korean term is in the text, as the search finds it."""
    pattern = r"\W+".join(re.escape(word) for word in WORD.findall(term.text) or [term.text])
    return [match.span() for match in re.finditer(pattern, text, re.IGNORECASE)]


def _without_overlaps(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in order, one kept where several overlap (the earliest, then the longest)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _line(statement: Quoted, number: int, text: str, span: tuple[int, int], width: int) -> Line:
    start, end = span
    match = text[start:end]
    reach = width * CHARACTERS_PER_WORD
    before, after = text[max(0, start - reach) : start], text[end : end + reach]
    if has_cjk(match):
        left, right = _flat(before)[-width:], _flat(after)[:width]
    else:
        # Punctuation next to a match ("(Kosovo),") stays in its context, as a word.
        left, right = " ".join(before.split()[-width:]), " ".join(after.split()[:width])
    return Line(statement, number, left, match, right)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _words(text: str) -> list[str]:
    return WORD.findall(fold(text))
