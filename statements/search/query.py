"""The query language of the search box, parsed into a pure tree (no Django).

Words, "phrases", prefix words (serb*), the operators AND, OR and NOT (upper case; -word
is NOT word) with parentheses, and inline filters (person:lavrov, date:2024-03..2024-08).
The boolean expression is brought to clauses that must all hold, each a choice of terms
(AND of ORs), the form the compiler and the highlighter read. Each word is its own term,
so NOT word removes every form of the word once compiled.
"""

import re
from dataclasses import dataclass, replace

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

    name: str  # participant, hashtag, kind, language, source, date or has
    value: str
    token: str  # as written, to remove it from the query
    negated: bool = False  # -has:text (only has: is negated; see NEGATABLE_FILTERS)


FILTER_NAMES = {
    "person": "participant",
    "participant": "participant",
    # Only the statements a person took part in (met, called, spoke), not those naming them.
    "took-part": "took_part",
    "took_part": "took_part",
    "tag": "hashtag",
    "hashtag": "hashtag",
    "kind": "kind",
    "lang": "language",
    "language": "language",
    "source": "source",
    "date": "date",
    "has": "has",
}
# Filters whose negation means something: -has:text is a post without text.
NEGATABLE_FILTERS = {"has"}
INLINE_FILTER = re.compile(r"(?i)^(-?)(" + "|".join(FILTER_NAMES) + r'):(?:"([^"]*)"?|(\S+))$')
TOKEN = re.compile(r'-?\w[\w-]*:"[^"]*"?|-?"[^"]*"?|[()]|[^\s()]+')
# name:value written like an inline filter whose name is not one (a URL's scheme is not).
UNKNOWN_FILTER = re.compile(r"^-?([^\W\d_]\w*):(?!//)\S")
# Clauses the expansion of OR over AND may make; beyond, the query is cut with a note.
MAX_CLAUSES = 64
# Parentheses deeper than this are read as if they were not there.
MAX_DEPTH = 8
FILTERS_SAID = "person:, took-part:, tag:, kind:, lang:, source:, date:, has:"


@dataclass(frozen=True)
class ParsedQuery:
    """Clauses that must all hold; each clause is one or more alternative terms;
    and the filters written in the box."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    filters: tuple[InlineFilter, ...] = ()
    tokens: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the reader should know of how the query was read

    def __bool__(self):
        return bool(self.clauses)

    def without(self, token: str) -> str:
        """The query as written, less one token and the NOT written before it (a chip's
        remove link)."""
        kept: list[str] = []
        for written in self.tokens:
            if written != token:
                kept.append(written)
            elif kept and kept[-1] in ("NOT", "-"):
                kept.pop()
        return " ".join(kept)

    def replacing(self, token: str, replacement: str) -> str:
        """The query as written with one token replaced (a candidate chip's link)."""
        return " ".join(replacement if t == token else t for t in self.tokens)

    def token_of(self, term: Term) -> str:
        """The token as written that gave this term (the first one that parses to it)."""
        found = next((t for t in self.tokens if parse_term(t) == term), None)
        if found is None and term.negated:  # NOT word: the word, with its NOT before it
            positive = replace(term, negated=False)
            found = next((t for t in self.tokens if parse_term(t) == positive), None)
        return found or str(term)

    @property
    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]

    @property
    def positive_terms(self) -> list[Term]:
        return [term for term in self.terms if not term.negated]


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse the search box. Never fails: anything unparseable is dropped (and said), so
    any input gives a query or nothing."""
    text = CONTROL_CHARACTERS.sub(" ", raw or "")
    tokens = TOKEN.findall(text[:MAX_QUERY_LENGTH])[: MAX_TERMS * 3]
    reader = _Reader(tokens)
    if len(text) > MAX_QUERY_LENGTH or len(TOKEN.findall(text)) > len(tokens):
        reader.notes.append(f"The query is too long; only its first {len(tokens)} parts are read.")
    clauses = []
    while reader.peek() is not None:  # past a stray ")", the rest still counts
        tree = reader.expression()
        clauses += _clauses(tree) if tree is not None else []
        if reader.peek() == ")":
            reader.at += 1
    if len(clauses) > MAX_CLAUSES or sum(map(len, clauses)) > MAX_TERMS * 4:
        reader.notes.append("The query is too intricate; only its first part is searched.")
        clauses = clauses[:MAX_CLAUSES]
    return ParsedQuery(
        tuple(tuple(clause) for clause in clauses),
        tuple(reader.filters),
        tuple(tokens),
        tuple(dict.fromkeys(reader.notes)),
    )


# A node of the boolean tree: a Term, or ("and" | "or", [nodes]), or ("not", node).
Node = Term | tuple


class _Reader:
    """Recursive descent over the tokens: OR binds loosest, then AND (written or not),
    then NOT and parentheses. Filters are taken out wherever they stand."""

    def __init__(self, tokens: list[str]):
        self.tokens, self.at = tokens, 0
        self.filters: list[InlineFilter] = []
        self.notes: list[str] = []
        self.terms = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def expression(self) -> Node | None:
        alternatives = [self.conjunction()]
        while (self.peek() or "").upper() == "OR":
            self.at += 1
            alternatives.append(self.conjunction())
        alternatives = [node for node in alternatives if node is not None]
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else ("or", alternatives)

    def conjunction(self) -> Node | None:
        parts = []
        while (token := self.peek()) is not None and token.upper() != "OR" and token != ")":
            if token == "AND":
                self.at += 1
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else ("and", parts)

    def unary(self) -> Node | None:
        token = self.tokens[self.at]
        self.at += 1
        if token in ("NOT", "-"):
            if (self.peek() or "OR").upper() == "OR" or self.peek() == ")":
                return None
            negatable = parse_inline_filter("-" + (self.peek() or ""))
            if negatable is not None:  # NOT has:text is -has:text
                self.at += 1
                return self.word(self.tokens[self.at - 1], negated=True)
            operand = self.unary()
            return None if operand is None else ("not", operand)
        if token == "(":
            if self.depth >= MAX_DEPTH:
                return None
            self.depth += 1
            inner = self.expression()
            self.depth -= 1
            if self.peek() == ")":
                self.at += 1
            return inner
        if token == ")":
            return None
        return self.word(token)

    def word(self, token: str, negated: bool = False) -> Node | None:
        inline = parse_inline_filter(token)
        if inline is not None and negated:
            inline = replace(inline, negated=True)
        if inline is None and token.endswith(":") and token[:-1].lower() in FILTER_NAMES:
            inline = InlineFilter(FILTER_NAMES[token[:-1].lower()], "", token)
        if inline is not None:
            if not inline.value:
                self.notes.append(f"“{token}” has no value after the colon; left out.")
            elif len(self.filters) < MAX_TERMS:
                self.filters.append(inline)
            else:
                self.notes.append(f"Only the first {MAX_TERMS} filters are applied.")
            return None
        if self.terms >= MAX_TERMS:
            self.notes.append(f"Only the first {MAX_TERMS} words are searched.")
            return None
        unknown = UNKNOWN_FILTER.match(token)
        if unknown:
            self.notes.append(
                f"“{unknown.group(1)}:” is not a filter (filters are {FILTERS_SAID}); "
                f"“{token}” is searched as words."
            )
        term = parse_term(token)
        if term is None:
            return None
        if token.endswith("*") and not term.prefix:
            self.notes.append(
                f"“{token}”: a prefix needs {MIN_PREFIX_LENGTH} letters or more; "
                f"searched as the word “{term.text}”."
            )
        self.terms += 1
        return term


def _clauses(node: Node, negated: bool = False) -> list[list[Term]]:
    """The node as clauses that must all hold, each a choice of terms (NOT pushed down to
    the terms by De Morgan's laws, OR spread over AND)."""
    if isinstance(node, Term):
        return [[replace(node, negated=node.negated != negated)]]
    operator, operand = node
    if operator == "not":
        return _clauses(operand, not negated)
    children = [_clauses(child, negated) for child in operand]
    if (operator == "and") != negated:  # an AND, or a NOT over an OR
        return [clause for child in children for clause in child]
    combined: list[list[Term]] = [[]]
    for child in children:  # an OR, or a NOT over an AND: every pick of one clause each
        combined = [done + clause for done in combined for clause in child]
        if len(combined) > MAX_CLAUSES:
            break
    return [list(dict.fromkeys(clause)) for clause in combined]


def parse_inline_filter(token: str) -> InlineFilter | None:
    """The filter a token writes (its value may be empty), or None for a token that is not
    one."""
    inline = INLINE_FILTER.match(token)
    if not inline:
        return None
    name, negated = FILTER_NAMES[inline.group(2).lower()], bool(inline.group(1))
    if negated and name not in NEGATABLE_FILTERS:
        return None
    value = inline.group(3) if inline.group(3) is not None else inline.group(4)
    return InlineFilter(name, value.strip(), token, negated)


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
