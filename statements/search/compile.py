"""The parsed query → SQL: a full-text SearchQuery over every configuration, and the
condition that keeps phrases exact."""

import operator
import re
from collections.abc import Callable
from typing import TypeVar

from django.contrib.postgres.search import (
    SearchQuery,
    SearchQueryCombinable,
    SearchQueryField,
    SearchRank,
)
from django.db import connections, router
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Cast

from statements.models.archive import SearchText
from statements.querysets import StatementQuerySet
from statements.search.query import ParsedQuery, Term, parse_query
from statements.text.names import serbian_surname_base
from statements.text.normalize import fold
from statements.text.scripts import has_cjk
from statements.vocabulary import (
    NAMES_CONFIG,
    OWN_LANGUAGE_ONLY,
    QUERY_CONFIGS,
    SEARCH_CONFIGS,
    language_marker,
)

T = TypeVar("T")


def balanced(items: list[T], combine: Callable[[T, T], T]) -> T:
    """The items combined pairwise as a balanced tree: a chain of hundreds (every spelling of
    twenty people) would nest too deep to compile; a tree nests log(n) deep."""
    while len(items) > 1:
        items = [
            combine(items[i], items[i + 1]) if i + 1 < len(items) else items[i]
            for i in range(0, len(items), 2)
        ]
    return items[0]


def any_of(items: list[T]) -> T:
    return balanced(items, operator.or_)


def all_of(items: list[T]) -> T:
    return balanced(items, operator.and_)


class InLanguage(SearchQueryCombinable, Func):
    """A query that matches only statements carrying a language's marker lexeme (or,
    inverted, that does not match there); nothing, as the query itself, when the query has
    no words (only stop words): archive_in_language (migration 0012)."""

    output_field = SearchQueryField()
    function = "archive_in_language"

    def __init__(self, query: SearchQuery, language: str, invert: bool = False) -> None:
        self.query, self.language, self.invert = query, language, invert
        self.config = query.config
        marker = Cast(Value(f"'{language_marker(language)}'"), SearchQueryField())
        super().__init__(query, marker)

    def __invert__(self) -> "InLanguage":
        return InLanguage(self.query, self.language, invert=not self.invert)

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return (f"!!({sql})" if self.invert else sql), params


CONFIG_LANGUAGES = {config: language for language, config in SEARCH_CONFIGS.items()}


def term_query(term: Term, own_language_only: bool = True) -> SearchQuery:
    """The term in every configuration: any form of it, or (negated) no form of it.

    Words in Chinese, Japanese or Korean are looked for as the phrase of their character
    pairs, as the index holds them (a lone character as the start of a pair); a declined
    Serbian surname (Vučićem) as itself or its base (Vučić), unstemmed. The stems of the
    languages of OWN_LANGUAGE_ONLY count in their own statements only (unless the caller,
    the highlighter, reads one statement's text, which has no marker).
    """
    parts = [(config_query(term, config), CONFIG_LANGUAGES.get(config)) for config in QUERY_CONFIGS]
    base = None if term.prefix or term.phrase else serbian_surname_base(term.text)
    if base:
        parts.append((SearchQuery(base, config=NAMES_CONFIG), None))
    if not own_language_only:
        parts = [(query, None) for query, _ in parts]
    guarded = [
        InLanguage(query, language) if language in OWN_LANGUAGE_ONLY else query
        for query, language in parts
    ]
    if term.negated:  # not any form: !a & !b & !c
        return all_of([~part for part in guarded])
    return any_of(guarded)


def config_query(term: Term, config: str) -> SearchQuery:
    """The term in one configuration."""
    if has_cjk(term.text) and len(term.text) == 1:
        return SearchQuery(f"{term.text}:*", search_type="raw", config=config)
    if term.prefix and not has_cjk(term.text):
        return SearchQuery(_as_indexed(f"{term.text}:*"), search_type="raw", config=config)
    search_type = "phrase" if term.phrase or has_cjk(term.text) else "plain"
    return SearchQuery(_as_indexed(term.text), search_type=search_type, config=config)


def _as_indexed(text: str) -> str | SearchText:
    """The words as the index reads texts (marks folded, CJK in pairs): ASCII is unchanged."""
    return text if text.isascii() else SearchText(Value(text))


def compile_query(parsed: ParsedQuery, own_language_only: bool = True) -> SearchQuery | None:
    """Clauses AND-ed, the terms of each clause OR-ed; None for a query of no words."""
    if not parsed.clauses:
        return None
    return all_of(
        [
            any_of([term_query(term, own_language_only) for term in clause])
            for clause in parsed.clauses
        ]
    )


def exact_phrase(term: Term, path: str = "") -> Q:
    """The phrase's words in this order, as written (case, diacritics and Arabic vowel marks
    aside): the index finds candidates by stems, this keeps "Resolution 1244" from matching
    "resolutions 1244". Chinese, Japanese and Korean have no word boundaries to require.
    `path` leads to the statement's text ("statement__" from a search row)."""
    words = [re.escape(word) for word in re.findall(r"\w+", fold(term.text))]
    starts = "" if words and has_cjk(words[0][0]) else r"\m"
    ends = "" if words and has_cjk(words[-1][-1]) else r"\M"
    pattern = starts + r"\W+".join(words) + ends
    lookup = "__folded_marks__unaccent__iregex"
    condition = (
        Q(**{f"{path}title{lookup}": pattern})
        | Q(**{f"{path}text{lookup}": pattern})
        | Q(**{f"{path}names_text{lookup}": pattern})  # a person's name, in any spelling
    )
    return ~condition if term.negated else condition


def matching(statements: StatementQuerySet, parsed: ParsedQuery) -> StatementQuerySet:
    """Statements matching the query, annotated with `rank`; all of them if it has no words."""
    query = compile_query(parsed)
    if query is None:
        return statements
    searching_rows = statements.statement_model() is not statements.model
    matches = statements.filter(text_condition(query, parsed, searching_rows))
    path = "statement__" if searching_rows else ""
    for clause in parsed.clauses:
        if len(clause) == 1 and clause[0].phrase:
            matches = matches.filter(exact_phrase(clause[0], path))
    return matches.annotate(rank=SearchRank(F("search_vector"), query))


def text_condition(query: SearchQuery, parsed: ParsedQuery, searching_rows: bool) -> Q:
    """The vector matches the query. On search rows, a query with no negated word matches
    where the title and names part does, and that is asked first: a row found by its
    title or names is then never checked against its whole vector, which is stored out of
    line (the relevance order's title and name hits are read that way; see paging)."""
    if searching_rows and not any(term.negated for term in parsed.terms):
        return Q(head_vector=query) | Q(search_vector=query)
    return Q(search_vector=query)


def compiled_query(statements: StatementQuerySet) -> SearchQuery | None:
    """The full-text query matching() ranks these statements by; None if it has none."""
    rank = statements.query.annotations.get("rank")
    return rank.get_source_expressions()[1] if rank is not None else None


def matching_text(statements: StatementQuerySet, raw_query: str | None) -> StatementQuerySet:
    """matching() for a query as written (the admin's search box, tests)."""
    return matching(statements, parse_query(raw_query))


def stop_words_only(parsed: ParsedQuery) -> list[str]:
    """The query's words when every one is too common to be indexed in any configuration
    ("the", "не", "and"): such a query searches for nothing and finds nothing. Else []."""
    words = list(dict.fromkeys(term.text for term in parsed.terms))
    if not words:
        return []
    empty = " AND ".join(
        f"numnode(plainto_tsquery('{config}', word)) = 0" for config in QUERY_CONFIGS
    )
    with connections[router.db_for_read(None)].cursor() as cursor:
        cursor.execute(f"SELECT word FROM unnest(%s::text[]) AS word WHERE {empty}", [words])
        stop_words = {row[0] for row in cursor.fetchall()}
    return words if stop_words.issuperset(words) else []
