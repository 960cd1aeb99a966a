"""The query language of the search box, parsed into a pure tree (no Django).

Websearch syntax ("phrase", OR, -word) plus prefix words (serb*) and inline filters
(person:lavrov, date:2024-03..2024-08). Each word is its own term, so "-word" removes
every form of the word once compiled.
"""

import re
from dataclasses import dataclass

from statements.text.normalize import CONTROL_CHARACTERS

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 32
MIN_PREFIX_LENGTH = 3


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False

    def __str__(self):
        text = f'"{self.text}"' if self.phrase else self.text + ("*" if self.prefix else "")
        return ("-" if self.negated else "") + text


@dataclass(frozen=True)
class InlineFilter:
    """A filter written in the search box: person:lavrov, date:2024-03..2024-08."""

    name: str  # participant, hashtag, kind, language, source or date
    value: str
    token: str  # as written, to remove it from the query


FILTER_NAMES = {
    "person": "participant",
    "participant": "participant",
    "tag": "hashtag",
    "hashtag": "hashtag",
    "kind": "kind",
    "lang": "language",
    "language": "language",
    "source": "source",
    "date": "date",
}
INLINE_FILTER = re.compile(r"(?i)^(" + "|".join(FILTER_NAMES) + r'):(?:"([^"]*)"?|(\S+))$')
TOKEN = re.compile(r'-?\w+:"[^"]*"?|-?"[^"]*"?|\S+')


@dataclass(frozen=True)
class ParsedQuery:
    """Clauses that must all hold; each clause is one or more alternative terms;
    and the filters written in the box."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    filters: tuple[InlineFilter, ...] = ()
    tokens: tuple[str, ...] = ()

    def __bool__(self):
        return bool(self.clauses)

    def without(self, token: str) -> str:
        """The query as written, less one token (a chip's remove link)."""
        return " ".join(t for t in self.tokens if t != token)

    def replacing(self, token: str, replacement: str) -> str:
        """The query as written with one token replaced (a candidate chip's link)."""
        return " ".join(replacement if t == token else t for t in self.tokens)

    def token_of(self, term: Term) -> str:
        """The token as written that gave this term (the first one that parses to it)."""
        return next((t for t in self.tokens if parse_term(t) == term), str(term))

    @property
    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]

    @property
    def positive_terms(self) -> list[Term]:
        return [term for term in self.terms if not term.negated]


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse the search box. Never fails: anything unparseable is dropped, so any input
    gives a query or nothing."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")[:MAX_QUERY_LENGTH]
    clauses: list[list[Term]] = []
    filters: list[InlineFilter] = []
    join_next = False
    tokens = TOKEN.findall(text)[: MAX_TERMS * 2]
    for token in tokens:
        inline = parse_inline_filter(token)
        if inline is not None:
            if inline.value and len(filters) < MAX_TERMS:
                filters.append(inline)
            continue
        if token.upper() == "OR" and not token.startswith(('"', "-")):
            join_next = bool(clauses)
            continue
        term = parse_term(token)
        if term is None:
            continue
        if join_next and not term.negated and not any(t.negated for t in clauses[-1]):
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
        if sum(map(len, clauses)) >= MAX_TERMS:
            break
    return ParsedQuery(tuple(tuple(clause) for clause in clauses), tuple(filters), tuple(tokens))


def parse_inline_filter(token: str) -> InlineFilter | None:
    """The filter a token writes (its value may be empty), or None for a token that is not
    one."""
    inline = INLINE_FILTER.match(token)
    if not inline:
        return None
    value = inline.group(2) if inline.group(2) is not None else inline.group(3)
    return InlineFilter(FILTER_NAMES[inline.group(1).lower()], value.strip(), token)


def parse_term(token: str) -> Term | None:
    """A word, "a phrase", a prefix* or any of them negated; None when it has no word."""
    negated = token.startswith("-") and len(token) > 1
    if negated:
        token = token[1:]
    if token.startswith('"'):
        words = token.strip('"').split()
        if not any(_has_word_characters(word) for word in words):
            return None
        return Term(" ".join(words), phrase=len(words) > 1, negated=negated)
    prefix = token.endswith("*")
    word = token.strip("*")
    if not _has_word_characters(word):
        return None
    if prefix:
        stem = "".join(ch for ch in word if ch.isalnum())
        if len(stem) >= MIN_PREFIX_LENGTH:
            return Term(stem.lower(), prefix=True, negated=negated)
    return Term(word, negated=negated)


def _has_word_characters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
