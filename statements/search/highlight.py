"""Snippets and marks: the matches of a query in <mark>, computed for shown rows only."""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import Case, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from statements.models import Statement
from statements.search.compile import any_of, compile_query
from statements.search.query import ParsedQuery
from statements.search.spelling import participant_spellings
from statements.vocabulary import NAMES_CONFIG, QUERY_CONFIGS, SEARCH_CONFIGS

# ts_headline marks matches with these; they are stripped from imported text,
# so after HTML-escaping they can safely become <mark> tags.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 40


def highlight_query(parsed: ParsedQuery) -> SearchQuery | None:
    """The search query, plus every spelling of a participant the query names.

    A search for "Djuric" finds statements linked to Marko Đurić through his
    aliases; marking "Đurić" in their text shows the reader why they matched.
    """
    query = compile_query(parsed, own_language_only=False)  # a text has no language marker
    if query is None:
        return None
    spellings = [
        SearchQuery(spelling, search_type="phrase", config=config)
        for spelling in participant_spellings(parsed)
        for config in QUERY_CONFIGS
    ]
    return any_of([query, *spellings])


def attach_snippets(
    statements: Iterable[Statement], parsed: ParsedQuery, snippet_words: int = SNIPPET_WORDS
) -> None:
    """Give each shown statement `marked_title` and `snippet`: safe HTML, matches in <mark>."""
    statements = list(statements)
    query = highlight_query(parsed) if statements else None
    if query is None:
        for statement in statements:
            statement.marked_title = escape(statement.title)
            statement.snippet = escape(_truncate_words(statement.text, snippet_words))
        return
    rows = Statement.objects.filter(pk__in=[s.pk for s in statements]).annotate(
        headline_title=_headline("title", query, highlight_all=True),
        headline_text=_headline(
            "text",
            query,
            max_words=snippet_words,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )
    headlines = {row["pk"]: row for row in rows.values("pk", "headline_title", "headline_text")}
    for statement in statements:
        row = headlines.get(statement.pk, {})
        statement.marked_title = mark_matches(row.get("headline_title") or statement.title)
        statement.snippet = mark_matches(
            _with_ellipses(row.get("headline_text") or "", statement.text)
        )


def mark_full_statement(statement: Statement, parsed: ParsedQuery) -> None:
    """Give the statement `marked_title` and `marked_text`: safe HTML, every match marked."""
    query = highlight_query(parsed)
    if query is None:
        statement.marked_title = escape(statement.title)
        statement.marked_text = escape(statement.text)
        return
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


def _with_ellipses(snippet: str, text: str) -> str:
    """Mark with … where the snippet starts or ends inside the text."""
    plain = snippet.replace(MARK_START, "").replace(MARK_END, "").strip()
    if not plain:
        return snippet
    if not text.lstrip().startswith(plain[:30]):
        snippet = "… " + snippet
    if not text.rstrip().endswith(plain[-30:]):
        snippet += " …"
    return snippet


def _headline(field: str, query: SearchQuery, **options) -> SearchHeadline:
    return SearchHeadline(
        field, query, config=headline_config(), start_sel=MARK_START, stop_sel=MARK_END, **options
    )


def _truncate_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
