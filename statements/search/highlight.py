"""Snippets and marks: the matches of a query in <mark>, computed for the shown rows only.

A result's snippet shows why it matched: passages holding each searched term its text
contains, one passage when they lie close, several when they lie apart. PostgreSQL marks
every form of every term (ts_headline in the row's own configuration: one parse of the
text, however many terms); one small query then tells which term each marked word is a
form of, and the passages are chosen (search.passages). The participants and hashtags the
query names are marked in the names line. A negated term is never marked: it is not why a
row matched.

The concordance reads every text of a result, where a ts_headline of each would cost more
than all else: marked_words finds the parser's words in Python (text.words) and asks
PostgreSQL which are forms of a term once for each distinct word of a listing (WordTerms).
"""

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connections, router
from django.db.models import Case, Expression, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from statements.models import Statement
from statements.search.compile import any_of, term_query
from statements.search.passages import (
    MARK_END,
    MARK_START,
    SNIPPET_CHARACTERS,
    Marked,
    passages,
)
from statements.search.query import ParsedQuery, Term
from statements.search.spelling import participant_spellings
from statements.text.names import names_text
from statements.text.words import spans_of, words_in
from statements.vocabulary import NAMES_CONFIG, QUERY_CONFIGS, SEARCH_CONFIGS, search_config

# What of a longer text is read for passages: ts_headline parses all it is given (about
# 0.35 ms a KB here) for each of the rows shown. The snippet says when a text was cut.
HEADLINE_CHARACTERS = 20_000


@dataclass(frozen=True)
class Highlight:
    """What marks a query's matches: its positive terms (a negated one is not why a row
    matched), each with every spelling of the people it names: "Djuric" marks "Đurić"."""

    terms: tuple[Term, ...]
    spellings: dict[Term, list[str]]

    @classmethod
    def of(cls, parsed: ParsedQuery) -> "Highlight | None":
        terms = tuple(dict.fromkeys(parsed.positive_terms))
        return cls(terms, participant_spellings(parsed)) if terms else None

    def query(self) -> SearchQuery:
        """Any form of any term: what ts_headline marks."""
        return any_of([self.term_query(term) for term in self.terms])

    def term_query(self, term: Term) -> SearchQuery:
        spellings = [
            SearchQuery(spelling, search_type="phrase", config=config)
            for spelling in self.spellings.get(term, [])
            for config in QUERY_CONFIGS
        ]
        return any_of([term_query(term, own_language_only=False), *spellings])

    def word_queries(self) -> dict[tuple[int, int], SearchQuery]:
        """Per word of each term (a phrase has several): the query a marked word of it
        matches alone. A passage holding a whole phrase holds each of its words."""
        queries = {}
        for number, term in enumerate(self.terms):
            if term.prefix:
                queries[number, 0] = term_query(term, own_language_only=False)
                continue
            words = _words(term.text)
            alternatives = [_any_word(words[:1] + _spelled_words(self.spellings.get(term, [])))]
            for position, query in enumerate(alternatives + [_any_word([w]) for w in words[1:]]):
                queries[number, position] = query
        return queries


@dataclass(frozen=True)
class ShownName:
    """A participant or hashtag in a result's names line, `matched` when the query named it."""

    name: str
    url: str
    matched: bool = False


def attach_snippets(
    statements: Iterable[Statement], parsed: ParsedQuery, snippet_length: int = SNIPPET_CHARACTERS
) -> None:
    """Give each shown statement `marked_title` and `snippet` (safe HTML, matches in <mark>)
    and `names`, its participants and the hashtags the query matched, each marked if so.
    Three queries for a page, whatever the number of rows and terms."""
    statements = list(statements)
    highlight = Highlight.of(parsed) if statements else None
    query = highlight.query() if highlight else None
    headlines = _headlines(statements, query) if query else {}
    terms_of, named = ({}, set())
    if query:
        terms_of, named = _what_matched(highlight, query, statements, headlines)
    for statement in statements:
        row = headlines.get(statement.pk)
        if row is None:  # no query (or the row is gone since the page was read)
            statement.marked_title = escape(statement.title)
            statement.snippet = _snippet(Marked(statement.text), {}, statement.text, snippet_length)
        else:
            text: Marked = row["marked"]
            mark_terms = {
                mark: terms_of.get((row["search_config"], text.word(mark)), set())
                for mark in text.marks
            }
            statement.marked_title = mark_matches(row["headline_title"] or statement.title)
            statement.snippet = _snippet(
                text, mark_terms, statement.text, snippet_length, searched=True
            )
        statement.names = _names(statement, named)


class WordTerms:
    """Which word of which term a word is, by (configuration, word as written), keyed (term
    number, word number) as Highlight.word_queries: asked of PostgreSQL once per word and
    kept, so the texts of a long listing ask only of the words they have not met."""

    def __init__(self, highlight: Highlight):
        self.queries = highlight.word_queries()
        self.known: dict[tuple[str, str], set[Hashable]] = {}  # the forms of a term only
        self.asked: defaultdict[str, set[str]] = defaultdict(set)
        self.forms: defaultdict[str, set[str]] = defaultdict(set)

    def learn(self, config: str, words: set[str]) -> None:
        """Ask of the words in the configuration not asked of before (one query)."""
        new = words - self.asked[config]
        if not new:
            return
        keys = list(self.queries)
        found = _matching([(config, word) for word in new], list(self.queries.values()))
        for given, hits in found.items():
            if hits:
                self.known[given] = {keys[i] for i in hits}
                self.forms[config].add(given[1])
        self.asked[config] |= new


class Written(Protocol):
    """A statement as marked_words reads it (a Statement, or what a line quotes of one)."""

    pk: int
    language: str
    text: str


def marked_words(statements: Sequence[Written], terms: WordTerms) -> dict[int, tuple[str, Marked]]:
    """Per statement: its configuration, and its whole text with each word that is a form of
    a term marked. The words are the text search parser's (text.words), as written; which are
    forms of a term, PostgreSQL says in the statement's configuration, as for ts_headline."""
    configs = {statement.pk: search_config(statement.language) for statement in statements}
    texts: defaultdict[str, list[str]] = defaultdict(list)
    for statement in statements:
        texts[configs[statement.pk]].append(statement.text)
    for config, its_texts in texts.items():
        terms.learn(config, words_in(its_texts))
    return {
        statement.pk: (
            configs[statement.pk],
            Marked(
                statement.text, tuple(spans_of(statement.text, terms.forms[configs[statement.pk]]))
            ),
        )
        for statement in statements
    }


def _headlines(
    statements: list[Statement], query: SearchQuery, characters: int = HEADLINE_CHARACTERS
) -> dict[int, dict]:
    """Per shown row: its title and (the first `characters` of) its text with every match
    marked, and its text search configuration. One query, written out: the query is compiled
    once, not once per headline (its every configuration makes that the costly part)."""
    query_sql, query_params = _as_sql(query)
    config_sql, config_params = _as_sql(headline_config())
    sql = (
        "SELECT id, config, ts_headline(config::regconfig, title, q, %s),"
        " ts_headline(config::regconfig, left(text, %s), q, %s)"
        f" FROM {Statement._meta.db_table}, LATERAL (SELECT {config_sql} AS config) AS chosen,"
        f" LATERAL (SELECT {query_sql} AS q) AS searched"
        " WHERE id = ANY(%s)"
    )
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
    params = [options, characters, options, *config_params, *query_params]
    with connections[router.db_for_read(Statement)].cursor() as cursor:
        cursor.execute(sql, [*params, [statement.pk for statement in statements]])
        rows = cursor.fetchall()
    return {
        pk: {
            "search_config": config,
            "headline_title": title,
            "marked": Marked.of(text or ""),
        }
        for pk, config, title, text in rows
    }


def _what_matched(
    highlight: Highlight, query: SearchQuery, statements: list[Statement], headlines: dict
) -> tuple[dict[tuple[str, str], set[Hashable]], set[str]]:
    """Which words of which term each marked word is, by (configuration, word); and the
    names texts of the participants and hashtags the query matched. One query."""
    words = {
        (row["search_config"], row["marked"].word(mark))
        for row in headlines.values()
        for mark in row["marked"].marks
    }
    names = {(NAMES_CONFIG, name) for statement in statements for name in _linked_names(statement)}
    word_queries = highlight.word_queries()
    keys = list(word_queries)
    found = _matching([*words, *names], [*word_queries.values(), query])
    terms_of = {given: {keys[i] for i in hits if i < len(keys)} for given, hits in found.items()}
    named = {
        text
        for (config, text), hits in found.items()
        if (config, text) in names and len(keys) in hits
    }
    return terms_of, named


def mark_full_statement(statement: Statement, parsed: ParsedQuery) -> None:
    """Give the statement `marked_title` and `marked_text`: safe HTML, every match marked."""
    highlight = Highlight.of(parsed)
    if highlight is None:
        statement.marked_title = escape(statement.title)
        statement.marked_text = escape(statement.text)
        return
    query = highlight.query()
    row = (
        Statement.objects.filter(pk=statement.pk)
        .annotate(
            headline_title=_headline("title", query, highlight_all=True),
            headline_text=_headline("text", query, highlight_all=True),
        )
        .values("headline_title", "headline_text")
        .first()
    ) or {}
    statement.marked_title = mark_matches(row.get("headline_title") or statement.title)
    statement.marked_text = mark_matches(row.get("headline_text") or statement.text)


def headline_config() -> Case:
    """The text search configuration of each row, for ts_headline."""
    return Case(
        *[When(language=lang, then=Value(config)) for lang, config in SEARCH_CONFIGS.items()],
        default=Value(NAMES_CONFIG),
    )


def mark_matches(headline: str) -> SafeString:
    escaped = str(escape(headline))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _snippet(
    text: Marked,
    mark_terms: dict[tuple[int, int], set[Hashable]],
    whole: str,
    length: int,
    searched: bool = False,
) -> SafeString:
    """The passages as safe HTML, with … where text is left out, and a note when they come
    from the first part of a longer text."""
    shown = passages(text, mark_terms, length)
    if not shown:
        return mark_safe("")
    html = " … ".join(text.html(start, end) for start, end in shown)
    if text.text[: shown[0][0]].strip():
        html = "… " + html
    cut = searched and len(whole) > HEADLINE_CHARACTERS
    if cut or text.text[shown[-1][1] :].strip():
        html += " …"
    if cut:
        html += (
            f' <span class="snippet-note">(passages from the first {HEADLINE_CHARACTERS:,} of '
            f"{len(whole):,} characters)</span>"
        )
    return mark_safe(html)


def _names(statement: Statement, named: set[str]) -> list[ShownName]:
    """The participants, then the hashtags the query matched; those it matched marked."""
    people = [
        ShownName(p.name, p.get_absolute_url(), _names_text(p.name, p.aliases) in named)
        for p in statement.participants.all()
    ]
    tags = [
        ShownName(tag.name, tag.get_absolute_url(), True)
        for tag in statement.hashtags.all()
        if names_text([], [tag.name]) in named
    ]
    return people + tags


def _linked_names(statement: Statement) -> list[str]:
    """The names text of each participant and hashtag of the statement, as search reads it."""
    return [_names_text(p.name, p.aliases) for p in statement.participants.all()] + [
        names_text([], [tag.name]) for tag in statement.hashtags.all()
    ]


def _names_text(name: str, aliases: Sequence[str]) -> str:
    return names_text([(name, list(aliases))], [])


def _matching(
    texts: Sequence[tuple[str, str]], queries: Sequence[SearchQuery]
) -> dict[tuple[str, str], set[int]]:
    """For each (configuration, text): the indexes of the queries its words match, in one
    query (the texts are a page's marked words and names: a few dozen short strings)."""
    texts = list(dict.fromkeys(texts))
    if not texts or not queries:
        return {}
    tests, params = [], []
    for query in queries:
        sql, query_params = _as_sql(query)
        tests.append(f"(vector @@ {sql})")
        params += query_params
    sql = (
        f"SELECT ARRAY[{', '.join(tests)}] FROM unnest(%s::text[], %s::text[]) "
        "WITH ORDINALITY AS given(config, body, position), "
        "LATERAL to_tsvector(given.config::regconfig, given.body) AS vector "
        "ORDER BY given.position"
    )
    with connections[router.db_for_read(Statement)].cursor() as cursor:
        cursor.execute(sql, [*params, [c for c, _ in texts], [t for _, t in texts]])
        rows = cursor.fetchall()
    return {
        given: {index for index, hit in enumerate(row[0]) if hit}
        for given, row in zip(texts, rows, strict=True)
    }


def _as_sql(expression: Expression) -> tuple[str, list]:
    """An expression as SQL over the statements table, for a query written out by hand."""
    statements = Statement.objects.all().query
    compiler = statements.get_compiler(using=router.db_for_read(Statement))
    return compiler.compile(expression.resolve_expression(statements))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text) or [text]


def _spelled_words(spellings: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(word for spelling in spellings for word in _words(spelling)))


def _any_word(words: Sequence[str]) -> SearchQuery:
    """Any of the words, in every configuration."""
    return any_of(
        [term_query(Term(word), own_language_only=False) for word in dict.fromkeys(words)]
    )


def _headline(field, query: SearchQuery, **options) -> SearchHeadline:
    return SearchHeadline(
        field, query, config=headline_config(), start_sel=MARK_START, stop_sel=MARK_END, **options
    )
