"""All search logic: query parsing, the statement queryset, facets and snippets.

Views, the API, exports and feeds call this module and never build SQL of their own.

Text search configurations (created by migration 0001):
- archive_english / archive_russian / archive_serbian: the language's stemmer with
  accents folded first (Vučić = Vucic) and the other language's stop words dropped;
- archive_names: no stemming, accents folded, English and Russian stop words
  dropped. Participant names, aliases and hashtags are indexed with it.

A query is run in every configuration at once (the parts OR-ed), so a word
finds its inflected forms in statements of any language, and names match
unstemmed. Each word of the query is expanded on its own, so "-word" removes
every form of the word.
"""

import json
import re
from collections import Counter
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, connections, models, router, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth, TruncYear
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from psycopg.errors import QueryCanceled

from statements.text.normalize import CONTROL_CHARACTERS, fold

SEARCH_CONFIGS = {
    "en": "archive_english",
    "ru": "archive_russian",
    "sr": "archive_serbian",
}
NAMES_CONFIG = "archive_names"
QUERY_CONFIGS = [*SEARCH_CONFIGS.values(), NAMES_CONFIG]

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 32
MIN_PREFIX_LENGTH = 3

# ts_headline marks matches with these; they are stripped from imported text,
# so after HTML-escaping they can safely become <mark> tags.
MARK_START, MARK_END = "\x02", "\x03"


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

    @property
    def positive_terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause if not term.negated]


TOKEN = re.compile(r'-?\w+:"[^"]*"?|-?"[^"]*"?|\S+')


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse websearch syntax ("phrase", OR, -word) plus prefix words (serb*).

    Never fails: anything unparseable is dropped, so any input gives a query or nothing.
    """
    text = CONTROL_CHARACTERS.sub(" ", raw or "")[:MAX_QUERY_LENGTH]
    clauses: list[list[Term]] = []
    filters: list[InlineFilter] = []
    join_next = False
    tokens = TOKEN.findall(text)[: MAX_TERMS * 2]
    for token in tokens:
        inline = INLINE_FILTER.match(token)
        if inline:
            value = (inline.group(2) if inline.group(2) is not None else inline.group(3)).strip()
            if value and len(filters) < MAX_TERMS:
                filters.append(InlineFilter(FILTER_NAMES[inline.group(1).lower()], value, token))
            continue
        if token.upper() == "OR" and not token.startswith(('"', "-")):
            join_next = bool(clauses)
            continue
        term = _parse_term(token)
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


def _parse_term(token: str) -> Term | None:
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


def _term_query(term: Term) -> SearchQuery:
    if term.prefix:
        parts = [SearchQuery(f"{term.text}:*", search_type="raw", config=c) for c in QUERY_CONFIGS]
    else:
        search_type = "phrase" if term.phrase else "plain"
        parts = [SearchQuery(term.text, search_type=search_type, config=c) for c in QUERY_CONFIGS]
    if term.negated:  # not any form: !a & !b & !c
        parts = [~part for part in parts]
    query = parts[0]
    for part in parts[1:]:
        query = query & part if term.negated else query | part
    return query


def exact_phrase(term: Term) -> Q:
    """The phrase's words in this order, as written (case and diacritics aside): the index
    finds candidates by stems, this keeps "Resolution 1244" from matching "resolutions 1244"."""
    words = [re.escape(word) for word in re.findall(r"\w+", fold(term.text))]
    pattern = r"\m" + r"\W+".join(words) + r"\M"
    condition = (
        Q(title__unaccent__iregex=pattern)
        | Q(text__unaccent__iregex=pattern)
        | Q(participant_text__unaccent__iregex=pattern)  # a person's name, in any spelling
    )
    return ~condition if term.negated else condition


def build_search_query(parsed: ParsedQuery) -> SearchQuery | None:
    query = None
    for clause in parsed.clauses:
        clause_query = _term_query(clause[0])
        for term in clause[1:]:
            clause_query = clause_query | _term_query(term)
        query = clause_query if query is None else query & clause_query
    return query


def highlight_query(raw_query: str | None) -> SearchQuery | None:
    """The search query, plus every spelling of a participant the query names.

    A search for "Djuric" finds statements linked to Marko Đurić through his
    aliases; marking "Đurić" in their text shows the reader why they matched.
    """
    parsed = parse_query(raw_query)
    query = build_search_query(parsed)
    if query is None:
        return None
    spellings = [
        SearchQuery(spelling, search_type="phrase", config=config)
        for spelling in participant_spellings(parsed)
        for config in QUERY_CONFIGS
    ]
    return any_of([query, *spellings])


def any_of(queries: list[SearchQuery]) -> SearchQuery:
    """The queries OR-ed as a balanced tree: a chain of hundreds (every spelling of twenty
    people) would nest too deep to compile."""
    while len(queries) > 1:
        queries = [
            queries[i] | queries[i + 1] if i + 1 < len(queries) else queries[i]
            for i in range(0, len(queries), 2)
        ]
    return queries[0]


def participant_spellings(parsed: ParsedQuery) -> list[str]:
    from statements.models import Participant

    words = {fold(term.text) for term in parsed.positive_terms if not term.prefix}
    if not words:
        return []
    candidates = Participant.objects.none()
    for word in words:
        candidates |= Participant.objects.spelled_like(word)
    spellings = []
    for participant in candidates[:20]:
        folded = {fold(s) for s in participant.spellings}
        if any(word in folded or word in " ".join(folded).split() for word in words):
            spellings.extend(participant.spellings)
    return spellings


DATE_RANGE = re.compile(
    r"^(?P<start>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)?(?:\.\.(?P<end>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)?)?$"
)


def resolve_inline_filter(inline: InlineFilter):
    """(condition or None, chip label, note or "") for one filter written in the box."""
    from statements.models import Hashtag, Kind, Participant, Source, Statement

    def linked_to_any(relation: str, items) -> Exists:
        through = Statement._meta.get_field(f"{relation}s").remote_field.through
        return Exists(
            through.objects.filter(statement_id=OuterRef("pk"), **{f"{relation}__in": items})
        )

    value = inline.value
    if inline.name == "participant":
        people = list(
            Participant.objects.filter(slug=value.lower())
            or Participant.objects.spelled_like(value)[:10]
        )
        if not people:
            return Q(pk__in=[]), f"Person: {value}", f"No participant matches “{value}”."
        links = linked_to_any("participant", people)
        names = ", ".join(p.name for p in people)
        note = f"“{value}” matches {len(people)} people: {names}." if len(people) > 1 else ""
        return links, f"Person: {names}", note
    if inline.name == "hashtag":
        tag = value if value.startswith("#") else f"#{value}"
        hashtags = list(
            Hashtag.objects.filter(Q(name__iexact=tag) | Q(slug=value.lower().lstrip("#")))
        )
        if not hashtags:
            return Q(pk__in=[]), f"Tag: {tag}", f"No hashtag {tag} in the archive."
        return linked_to_any("hashtag", hashtags), f"Tag: {hashtags[0].name}", ""
    if inline.name == "kind":
        wanted = value.lower().replace(" ", "_").replace("-", "_")
        kinds = [
            k
            for k, label in Kind.choices
            if k == wanted or k.startswith(wanted) or label.lower().startswith(value.lower())
        ]
        if not kinds:
            known = ", ".join(k for k, _ in Kind.choices)
            return None, "", f"“kind:{value}” left out: kinds are {known}."
        labels = dict(Kind.choices)
        return Q(kind__in=kinds), "Kind: " + " or ".join(labels[k] for k in kinds), ""
    if inline.name == "language":
        from statements.filters import LANGUAGES

        code = value.lower()
        codes = [c for c, name in LANGUAGES.items() if c == code or name.lower().startswith(code)]
        if not codes:
            return None, "", f"“lang:{value}” left out: use a code such as en, ru or sr."
        return Q(language__in=codes), "Language: " + ", ".join(LANGUAGES[c] for c in codes), ""
    if inline.name == "source":
        sources = list(
            Source.objects.filter(
                Q(slug=value.lower())
                | Q(handle__iexact=value.lstrip("@"))
                | Q(name__icontains=value)
            )[:10]
        )
        if not sources:
            return Q(pk__in=[]), f"Source: {value}", f"No source matches “{value}”."
        return Q(source__in=sources), "Source: " + ", ".join(s.name for s in sources), ""
    span = date_span(value)
    if span is None:
        return (
            None,
            "",
            (
                f"“date:{value}” left out: write date:2024, date:2024-03, "
                "date:2024-03..2024-08 or date:..2024-06."
            ),
        )
    start, end = span
    condition = Q()
    if start:
        condition &= Q(sort_date__gte=datetime.combine(start, time.min, tzinfo=UTC))
    if end:
        condition &= Q(
            sort_date__lt=datetime.combine(end, time.min, tzinfo=UTC) + timedelta(days=1)
        )
    return condition, f"Date: {value}", ""


def date_span(value: str):
    """(first day, last day) of 2024, 2024-03, 2024-03-05 or a range a..b (either side open);
    None when the value is not one of these."""
    match = DATE_RANGE.match(value.strip())
    if not match or not (match.group("start") or match.group("end")):
        return None
    try:
        start = _day(match.group("start"), first=True)
        end = _day(match.group("end") if ".." in value else match.group("start"), first=False)
    except ValueError:
        return None
    if start and end and start > end:
        return None
    return start, end


def _day(text: str | None, first: bool):
    if not text:
        return None
    parts = [int(part) for part in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return date(year, 1, 1) if first else date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        if first:
            return date(year, month, 1)
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return date(year, month, parts[2])


def close_names(raw_query: str | None, limit: int = 5) -> dict:
    """Participants and hashtags spelled like the query's words (trigram similarity),
    for a search that found nothing: "Lavorv" → Sergey Lavrov."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    from statements.models import Hashtag, Participant

    words = [t.text for t in parse_query(raw_query).positive_terms if len(t.text) >= 3][:5]
    found = {"participants": [], "hashtags": []}
    for word in words:
        people = (
            Participant.objects.annotate(similarity=TrigramWordSimilarity(word, "name"))
            .filter(similarity__gte=0.4)
            .order_by("-similarity")[:limit]
        )
        tags = (
            Hashtag.objects.annotate(similarity=TrigramWordSimilarity(word, "name"))
            .filter(similarity__gte=0.4)
            .order_by("-similarity")[:limit]
        )
        found["participants"] += [p for p in people if p not in found["participants"]]
        found["hashtags"] += [h for h in tags if h not in found["hashtags"]]
    return {name: items[:limit] for name, items in found.items()}


def headline_config():
    """The text search configuration of each row, for ts_headline."""
    return Case(
        *[When(language=lang, then=Value(config)) for lang, config in SEARCH_CONFIGS.items()],
        default=Value(NAMES_CONFIG),
    )


class LinkedToStatementsQuerySet(models.QuerySet):
    """Participants, hashtags and sources: each counted by its statements."""

    def with_statement_counts(self, published_only: bool = True):
        published = (
            Q(
                statements__status__in=settings.PUBLIC_STATUSES,
                statements__duplicate_of__isnull=True,
            )
            if published_only
            else Q()
        )
        return self.annotate(statement_count=Count("statements", filter=published))

    def most_used(self):
        return (
            self.with_statement_counts()
            .filter(statement_count__gt=0)
            .order_by("-statement_count", "name")
        )


class ParticipantQuerySet(LinkedToStatementsQuerySet):
    def spelled_like(self, text: str):
        """Participants whose name or an alias contains the text, diacritics ignored."""
        aliases = Func(
            F("aliases"), Value(" "), function="array_to_string", output_field=TextField()
        )
        return self.annotate(aliases_text=aliases).filter(
            Q(name__unaccent__icontains=text) | Q(aliases_text__unaccent__icontains=text)
        )


class StatementQuerySet(models.QuerySet):
    def published(self):
        """Statements the public may read: published ones (and new ones, where the
        PUBLIC_STATUSES setting says so)."""
        return self.filter(status__in=settings.PUBLIC_STATUSES)

    def listed(self):
        """Published statements as searches count them: each post once, however many
        copies of it the archive holds (the others are its appearances)."""
        # Canonical copies the public cannot see are few: a hashed subplan, not a join.
        unseen = self.model.objects.exclude(status__in=settings.PUBLIC_STATUSES).values("pk")
        return self.published().filter(Q(duplicate_of__isnull=True) | Q(duplicate_of__in=unseen))

    def search(self, raw_query: str | None):
        """Statements matching the query, annotated with `rank`; all of them if it is empty."""
        parsed = parse_query(raw_query)
        query = build_search_query(parsed)
        if query is None:
            return self
        matches = self.filter(search_vector=query)
        for clause in parsed.clauses:
            if len(clause) == 1 and clause[0].phrase:
                matches = matches.filter(exact_phrase(clause[0]))
        return matches.annotate(rank=SearchRank(F("search_vector"), query))

    def with_inline_filters(self, filters) -> tuple["StatementQuerySet", list[dict], list[str]]:
        """Apply filters written in the search box.

        Returns the narrowed queryset, chips (label and the filter, for the page), and
        notes for the reader: what a value matched, or why it was left out. A value
        that names nothing in the archive (person:nobody) gives no results and a note;
        a malformed one (date:soon) is left out with a note. Never an error.
        """
        queryset, chips, notes = self, [], []
        for inline in filters:
            condition, label, note = resolve_inline_filter(inline)
            if note:
                notes.append(note)
            if condition is not None:
                queryset = queryset.filter(condition)
                chips.append({"label": label, "filter": inline})
        return queryset, chips, notes

    def with_all_participants(self, participants):
        return self.linked_to_all("participant", participants)

    def with_all_hashtags(self, hashtags):
        return self.linked_to_all("hashtag", hashtags)

    def linked_to_all(self, relation: str, items):
        """Statements linked to every one of the items (an EXISTS per item: no DISTINCT)."""
        through = self.model._meta.get_field(f"{relation}s").remote_field.through
        queryset = self
        for item in items:
            links = through.objects.filter(statement_id=OuterRef("pk"), **{relation: item})
            queryset = queryset.filter(Exists(links))
        return queryset

    def sorted_by(self, sort: str):
        if sort == "relevance" and "rank" in self.query.annotations:
            return self.order_by(F("rank").desc(), F("sort_date").desc(nulls_last=True), "-id")
        if sort == "oldest":
            return self.order_by(F("sort_date").asc(nulls_last=True), "id")
        return self.order_by(F("sort_date").desc(nulls_last=True), "-id")

    def neighbours(self, statement) -> tuple:
        """The statements of the same source just before and after this one, in time
        (undated ones first, by id): each read from the (source, date) index."""
        same_source = self.filter(source_id=statement.source_id)
        dated = same_source.filter(sort_date__isnull=False)
        undated = same_source.filter(sort_date__isnull=True)
        backwards = [F("sort_date").desc(nulls_first=True), F("pk").desc()]
        if statement.sort_date is None:
            previous = undated.filter(pk__lt=statement.pk).order_by("-pk").first()
            following = (
                undated.filter(pk__gt=statement.pk).order_by("pk").first()
                or dated.order_by("sort_date", "pk").first()
            )
            return previous, following
        table = self.model._meta.db_table

        def compared(operator: str):
            return RawSQL(
                f'("{table}"."sort_date", "{table}"."id") {operator} (%s, %s)',
                [statement.sort_date, statement.pk],
                output_field=models.BooleanField(),
            )

        previous = (
            dated.filter(compared("<")).order_by(*backwards).first()
            or undated.order_by("-pk").first()
        )
        following = dated.filter(compared(">")).order_by("sort_date", "pk").first()
        return previous, following

    def related_to(self, statement, limit: int = 5) -> list:
        """Statements near this one in time that share most of its participants (then
        hashtags); then, of the statements nearest in time, those whose titles read alike.

        Candidates are read from the link tables by id nearby (ids follow import order),
        RELATED_CANDIDATES per person or hashtag on each side: bounded however many
        statements a person has.
        """
        from django.contrib.postgres.search import TrigramSimilarity

        shared = Counter()
        for relation, weight in (("participant", 1000), ("hashtag", 1)):
            through = self.model._meta.get_field(f"{relation}s").remote_field.through
            linked = through.objects.filter(statement_id=statement.pk).values_list(
                f"{relation}_id", flat=True
            )
            for item in linked:
                near = through.objects.filter(**{f"{relation}_id": item}).exclude(
                    statement_id=statement.pk
                )
                ids = list(
                    near.filter(statement_id__lt=statement.pk)
                    .order_by("-statement_id")
                    .values_list("statement_id", flat=True)[:RELATED_CANDIDATES]
                ) + list(
                    near.filter(statement_id__gt=statement.pk)
                    .order_by("statement_id")
                    .values_list("statement_id", flat=True)[:RELATED_CANDIDATES]
                )
                for pk in ids:
                    shared[pk] += weight
        ranked = sorted(shared, key=lambda pk: (-shared[pk], abs(pk - statement.pk)))
        found = self.filter(pk__in=ranked[: limit * 4]).select_related("source")
        by_id = {s.pk: s for s in found}
        related = [by_id[pk] for pk in ranked if pk in by_id][:limit]
        for other in related:
            other.shared_people = shared[other.pk] // 1000
        if len(related) < limit and statement.title:
            alike = (
                self.filter(pk__in=self.nearest_in_time(statement, RELATED_TITLE_CANDIDATES))
                .exclude(pk__in=[s.pk for s in related])
                .annotate(similarity=TrigramSimilarity("title", statement.title))
                .filter(similarity__gt=0.3)
                .order_by("-similarity", "-pk")
                .select_related("source")[: limit - len(related)]
            )
            related += list(alike)
        return related

    def nearest_in_time(self, statement, count: int) -> list[int]:
        """Ids of the `count` statements nearest this one in time (half before, half
        after), read from the date index; for an undated one, its source's undated ones
        nearest by id."""
        half = count // 2
        if statement.sort_date is None:
            undated = self.filter(source_id=statement.source_id, sort_date__isnull=True)
            before = undated.filter(pk__lt=statement.pk).order_by("-pk")
            after = undated.filter(pk__gt=statement.pk).order_by("pk")
        else:
            before = self.filter(sort_date__lte=statement.sort_date).exclude(pk=statement.pk)
            before = before.order_by(F("sort_date").desc(nulls_last=True), "-pk")
            after = self.filter(sort_date__gt=statement.sort_date).order_by(
                F("sort_date").asc(nulls_last=True), "pk"
            )
        return [
            *before.values_list("pk", flat=True)[:half],
            *after.values_list("pk", flat=True)[:half],
        ]

    def copies_of(self, statement):
        """The other published copies of the same post: its canonical statement and appearances."""
        canonical_id = statement.duplicate_of_id or statement.pk
        return (
            self.published()
            .filter(Q(pk=canonical_id) | Q(duplicate_of_id=canonical_id))
            .exclude(pk=statement.pk)
            .select_related("source")
            .order_by(F("published_at").asc(nulls_last=True), "pk")
        )

    def materialized(self) -> "FoundStatements":
        """The statements, found once (see SEARCH-NOTES.md): their ids and the few columns
        facets and the timeline count, fetched in one query when there are at most
        EXACT_COUNT_CAP of them. A bigger result is not read whole: a sample of it is
        (see sampled), and its size is estimated from the sample."""
        planned = planned_rows(self)
        if planned <= HUGE_PLAN_ROWS:
            with planner_settings(**SEARCH_PLANNER):
                rows = list(self.order_by().values_list(*FACET_COLUMNS)[: EXACT_COUNT_CAP + 1])
            if len(rows) <= EXACT_COUNT_CAP:
                return FoundStatements(self._with_ids(rows), rows, len(rows), exact=True)
            # The rows come in table order, mostly id order: how far the first EXACT_COUNT_CAP
            # reached says roughly how many there are, when the planner thinks too few.
            # (A high percentile, not the maximum: parallel workers interleave a few far rows.)
            reached = sorted(row[0] for row in rows)[len(rows) * 98 // 100]
            planned = max(planned, self._extrapolated(reached))
        return self.sampled(planned)

    def _extrapolated(self, reached: int) -> int:
        bounds = self.model.objects.aggregate(low=Min("pk"), high=Max("pk"))
        covered = max(1, reached - bounds["low"] + 1)
        return round((EXACT_COUNT_CAP + 1) * (bounds["high"] - bounds["low"] + 1) / covered)

    def sampled(self, expected: int) -> "FoundStatements":
        """A systematic sample of the statements: those in SAMPLE_STRIPES evenly spaced id
        ranges covering `share` of all ids, sized to hold about SAMPLE_SIZE of them. Ids
        follow import order, so the sample spans the whole archive, and the count it gives
        (sample / share) is an honest estimate."""
        bounds = self.model.objects.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            return FoundStatements(self.none(), [], 0, exact=True)
        low, span = bounds["low"], bounds["high"] - bounds["low"] + 1
        share = min(1.0, SAMPLE_SIZE / max(expected, 1))
        limit = 4 * SAMPLE_SIZE
        for _ in range(4):
            stripes, share = id_stripes(low, span, share)
            with planner_settings(**SEARCH_PLANNER):
                sample = self.order_by().filter(stripes).values_list(*FACET_COLUMNS)
                rows = list(sample[: limit + 1])
            if len(rows) > limit:
                share /= 8
            elif len(rows) < SAMPLE_SIZE / 4 and share < 1:
                share = min(1.0, share * SAMPLE_SIZE / max(len(rows), 1))
            else:
                break
        rows = rows[:limit]
        exact = share >= 1.0
        count = len(rows) if exact else round_estimate(len(rows) / share)
        return FoundStatements(self._with_ids(rows), rows, count, exact=exact, share=share)

    def _with_ids(self, rows):
        chosen = RawSQL("SELECT unnest(%s::bigint[])", [[row[0] for row in rows]])
        return self.model.objects.filter(pk__in=chosen)

    def date_span(self) -> dict:
        """The first and last date, each read from an end of the date index."""
        dated = self.filter(sort_date__isnull=False).values_list("sort_date", flat=True)
        return {
            "first": dated.order_by("sort_date", "pk").first(),
            "last": dated.order_by(F("sort_date").desc(nulls_last=True), "-pk").first(),
        }

    def refresh_links_text(self) -> dict[int, str]:
        """Rebuild participant_text (the names, aliases and hashtags search reads) for
        these statements in one UPDATE; returns the new text of the rows it changed."""
        ids = list(self.values_list("pk", flat=True))
        if not ids:
            return {}
        meta = self.model._meta
        tables = {
            "statement": meta.db_table,
            "statement_participants": meta.get_field(
                "participants"
            ).remote_field.through._meta.db_table,
            "participant": meta.get_field("participants").related_model._meta.db_table,
            "statement_hashtags": meta.get_field("hashtags").remote_field.through._meta.db_table,
            "hashtag": meta.get_field("hashtags").related_model._meta.db_table,
        }
        sql = LINKS_TEXT_SQL.format(**tables)
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids])
            return dict(cursor.fetchall())

    def for_export(self):
        """Tuples of the EXPORT_COLUMNS but the page, with the ids of the participants and
        hashtags (names come from link_names): one query, any size. The ids are read from
        the link tables' own indexes, a row at a time, without joining the names."""
        from django.contrib.postgres.expressions import ArraySubquery

        def linked_ids(relation: str):
            through = self.model._meta.get_field(f"{relation}s").remote_field.through
            return ArraySubquery(
                through.objects.filter(statement_id=OuterRef("pk")).values(f"{relation}_id")
            )

        return self.annotate(
            source_slug=F("source__slug"),
            participant_ids=linked_ids("participant"),
            hashtag_ids=linked_ids("hashtag"),
        ).values_list(
            "pk",
            "source_slug",
            "source_url",
            "source_message_id",
            "published_at",
            "event_date",
            "event_date_text",
            "location",
            "kind",
            "language",
            "title",
            "text",
            "forwarded_from",
            "media",
            "views",
            "participant_ids",
            "hashtag_ids",
        )

    def link_names(self) -> dict:
        """Every participant's and hashtag's name, by id, for exports."""
        fields = self.model._meta
        return {
            relation: dict(
                fields.get_field(f"{relation}s")
                .related_model.objects.using(self.db)
                .values_list("pk", "name")
            )
            for relation in ("participant", "hashtag")
        }

    def for_display(self):
        return self.select_related("source").prefetch_related("participants", "hashtags")

    def link_facet_counts(self, limit: int = 12, scale: float = 1.0) -> dict:
        """The participant and hashtag facets: counted on the link tables."""
        ids = self.order_by().values("pk")
        participant_links = self.model.participants.through.objects.filter(statement_id__in=ids)
        hashtag_links = self.model.hashtags.through.objects.filter(statement_id__in=ids)
        counted = {
            "participant": participant_links.values(
                name=F("participant__name"), slug=F("participant__slug")
            ),
            "hashtag": hashtag_links.values(name=F("hashtag__name"), slug=F("hashtag__slug")),
        }
        return {
            facet: [
                {**row, "count": scaled(row["count"], scale)}
                for row in links.annotate(count=Count("*")).order_by("-count", "name")[:limit]
            ]
            for facet, links in counted.items()
        }

    def facet_counts(self, rows: list, limit: int = 12, scale: float = 1.0) -> dict:
        """Counts per participant, hashtag, kind, source, language and year over this result,
        whose FACET_COLUMNS rows are given; scale: for a sample, what one row stands for."""
        from statements.filters import LANGUAGES
        from statements.models import Kind

        return {
            **self.link_facet_counts(limit, scale),
            **facets_of_rows(rows, limit, dict(Kind.choices), LANGUAGES, scale),
        }


# Results up to this size are counted exactly and their facets counted in full.
# Related statements: candidates per person or hashtag on each side; titles alike within.
RELATED_CANDIDATES = 30
RELATED_TITLE_CANDIDATES = 400
EXACT_COUNT_CAP = 5_000
# Bigger results are sampled: about this many of their statements are read.
SAMPLE_SIZE = 2_500
SAMPLE_STRIPES = 64
# A result the planner expects to be this big is sampled without trying to count it first.
HUGE_PLAN_ROWS = 20 * EXACT_COUNT_CAP
FACET_COLUMNS = ("pk", "kind", "source_id", "language", "sort_date")
# For reading a result: the full-text index, never a scan of every vector (see SEARCH-NOTES);
# memory enough for an exact bitmap of a word in every statement (a lossy one would check
# every row of its pages again).
SEARCH_PLANNER = {"enable_seqscan": "off", "work_mem": "64MB"}


def planned_rows(queryset) -> int:
    """The planner's estimate of the rows a queryset returns (EXPLAIN, not running it)."""
    try:
        plan = json.loads(queryset.order_by().explain(format="json"))
    except (EmptyResultSet, ValueError):  # a filter that can match nothing plans nothing
        return 0
    return int(plan[0]["Plan"]["Plan Rows"])


def estimated_count(queryset, cap: int = EXACT_COUNT_CAP) -> tuple[int, bool]:
    """How many rows: exact up to the cap (counting stops there), else the planner's
    estimate, never below the cap. Returns (count, exact)."""
    counted = queryset.order_by()[: cap + 1].count()
    if counted <= cap:
        return counted, True
    return max(planned_rows(queryset), cap + 1), False


def id_stripes(low: int, span: int, share: float) -> tuple[Q, float]:
    """Evenly spaced id ranges covering about `share` of the ids from low on; and the
    share they really cover."""
    if share >= 1.0:
        return Q(), 1.0
    step = span / SAMPLE_STRIPES
    width = max(1, round(step * share))
    condition = Q()
    for stripe in range(SAMPLE_STRIPES):
        start = low + round(stripe * step)
        condition |= Q(pk__gte=start, pk__lt=start + width)
    return condition, min(1.0, width * SAMPLE_STRIPES / span)


def round_estimate(value: float) -> int:
    """An estimate to two significant figures: 298,533 is about 300,000."""
    if value < 100:
        return round(value)
    digits = len(str(int(value))) - 2
    return int(round(value, -digits))


def scaled(count: int, scale: float) -> int:
    return count if scale == 1 else round_estimate(count * scale)


@contextmanager
def planner_settings(**values):
    """Planner settings for the queries inside, restored after (within the transaction)."""
    # Settings made local to a transaction: the search's own (search_time_limit), or one here.
    alias = router.db_for_read(None)
    reading = connections[alias]
    outer = nullcontext() if reading.in_atomic_block else transaction.atomic(using=alias)
    with outer, reading.cursor() as cursor:
        pairs = list(values.items())
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(pairs)),
            [item for pair in pairs for item in pair],
        )
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
                [list(values)],
            )


OVERVIEW_SECONDS = 300


def archive_overview() -> dict:
    """The archive's totals and most named people and hashtags: counting them reads every
    statement, so they are computed once every few minutes, not for every visitor."""

    from statements.models import Hashtag, Participant, Source, Statement

    def overview():
        return {
            "statement_count": Statement.objects.listed().count(),
            "participant_count": Participant.objects.count(),
            "hashtag_count": Hashtag.objects.count(),
            "source_count": Source.objects.count(),
            "top_participants": list(Participant.objects.most_used()[:12]),
            "top_hashtags": list(Hashtag.objects.most_used()[:12]),
        }

    from django.core.cache import cache

    return cache.get_or_set("archive-overview", overview, OVERVIEW_SECONDS)


def whole_archive(count: int) -> "FoundStatements":
    """The unfiltered archive as a found result: its size known (archive_overview), its
    rows not read (pages come from the date index)."""
    return FoundStatements(None, [], count, exact=False, share=1.0, count_exact=True)


@dataclass
class ResultPage:
    """One page of a result: its statements, and how to reach the pages around it. Deep
    pages of big results are reached by cursor (the last row's date and id), not offset."""

    object_list: list
    number: int
    count: int
    count_exact: bool
    size: int
    has_next: bool
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_of(
    statements, found, sort: str, number: int, size: int, after="", before=""
) -> ResultPage:
    """The page of a found result in the sort order asked for.

    An exact result is ordered by its known ids. A sampled one is ordered by the index
    (newest or oldest) and paged onwards by cursor; its relevance order ranks the sample
    only, as ranking every match of a word in half the archive would read all of them.
    """
    if sort == "relevance" and "rank" not in statements.query.annotations:
        sort = "newest"  # nothing to rank by without words
    if found.exact and sort != "relevance":
        ordered = found.queryset.sorted_by(sort)
    elif sort == "relevance" and not found.exact:
        # The sample's rows are known matches: rank them without matching them again.
        rank = statements.query.annotations["rank"]
        ordered = found.queryset.annotate(rank=rank).sorted_by(sort)
    else:
        ordered = statements.sorted_by(sort)
    keyed = sort in ("newest", "oldest") and not found.exact
    cursor = parse_cursor(after or before) if keyed else None
    if cursor is not None:
        rows = keyset_rows(ordered, sort, cursor, size + 1, backwards=bool(before))
    else:
        number = min(number, max(1, -(-found.count // size)))
        offset = (number - 1) * size
        # The ids first (a deep offset is then skipped in the index), then their rows.
        ids = list(ordered.values_list("pk", flat=True)[offset : offset + size + 1])
        by_id = ordered.model.objects.for_display().in_bulk(ids)
        rows = [by_id[pk] for pk in ids]
    has_next = len(rows) > size
    rows = rows[-size:] if before and cursor is not None else rows[:size]
    page = ResultPage(rows, number, found.count, found.count_exact, size, has_next or bool(before))
    if keyed and rows:
        page.next_cursor = make_cursor(rows[-1])
        page.previous_cursor = make_cursor(rows[0]) if number > 2 else ""
    return page


def make_cursor(statement) -> str:
    moment = statement.sort_date.isoformat() if statement.sort_date else ""
    return f"{moment}~{statement.pk}"


def parse_cursor(text: str):
    """(sort_date or None, id) from a cursor; None when it is not one."""
    moment, _, pk = (text or "").partition("~")
    if not pk.isdigit() or len(pk) > 18:
        return None
    if not moment:
        return None, int(pk)
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)), int(pk)


def keyset_rows(ordered, sort: str, cursor, limit: int, backwards: bool = False) -> list:
    """The rows after (or before) the cursor's row in the sort order, from the index."""
    moment, pk = cursor
    table = ordered.model._meta.db_table
    later = (sort == "newest") == backwards  # the rows wanted sort after the cursor's in time
    compare = ">" if later else "<"
    if moment is None:
        # Undated statements come last, by id: only the undated part is left.
        rows = ordered.filter(sort_date__isnull=True)
        rows = rows.filter(pk__gt=pk) if later else rows.filter(pk__lt=pk)
    else:
        rows = ordered.filter(
            RawSQL(
                f'("{table}"."sort_date", "{table}"."id") {compare} (%s, %s)',
                [moment, pk],
                output_field=models.BooleanField(),
            )
        )
    if backwards:
        rows = rows.reverse()
    found = list(rows.for_display()[:limit])
    if not backwards and moment is not None and len(found) < limit:
        found += list(ordered.filter(sort_date__isnull=True).for_display()[: limit - len(found)])
    return found[::-1] if backwards else found


@dataclass
class FoundStatements:
    """A search's result, found once: a queryset over the ids read, and their
    FACET_COLUMNS rows. Exact, or a sample holding `share` of the result."""

    queryset: models.QuerySet
    rows: list
    count: int
    exact: bool
    share: float = 1.0
    # Whether `count` is exact (the whole result was read, or its size is known otherwise).
    count_exact: bool | None = None

    def __post_init__(self):
        if self.count_exact is None:
            self.count_exact = self.exact

    @property
    def scale(self) -> float:
        """How many statements of the result one sampled row stands for."""
        return 1 / self.share if self.share else 1.0


def facets_of_rows(rows: list, limit: int, kinds: dict, languages: dict, scale=1.0) -> dict:
    """The kind, source, language and year facets, counted from fetched rows (each
    standing for `scale` statements when they are a sample)."""
    from collections import Counter

    from statements.models import Source

    kind_counts = Counter(row[1] for row in rows)
    source_counts = Counter(row[2] for row in rows)
    language_counts = Counter(row[3] for row in rows)
    year_counts = Counter(row[4].year for row in rows if row[4] is not None)
    sources = {s.pk: s for s in Source.objects.filter(pk__in=list(source_counts))}

    def ordered(counter):
        ranked = sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
        return [(key, scaled(count, scale)) for key, count in ranked]

    return {
        "kind": [{"slug": k, "name": kinds.get(k, k), "count": n} for k, n in ordered(kind_counts)],
        "source": [
            {"slug": sources[pk].slug, "name": sources[pk].name, "count": n}
            for pk, n in ordered(source_counts)[:limit]
            if pk in sources
        ],
        "language": [
            {"slug": code, "name": languages.get(code, code), "count": n}
            for code, n in ordered(language_counts)
        ],
        "year": [
            {"slug": str(year), "name": str(year), "count": n}
            for year, n in sorted(
                ((year, scaled(n, scale)) for year, n in year_counts.items()), reverse=True
            )
        ],
    }


def timeline(rows: list, everything, with_totals: bool = False, scale: float = 1.0) -> list[dict]:
    """Matches per month (per year when they span more than eight years), counted from the
    result's FACET_COLUMNS rows (a sample's scaled), and with_totals the number of all
    statements in each period, for shares. Empty periods included."""
    from collections import Counter

    moments = [row[4] for row in rows if row[4] is not None]
    if not moments:
        return []
    first, last = min(moments), max(moments)
    by_year = (last.year - first.year) > 8
    trunc = TruncYear if by_year else TruncMonth
    matches = Counter(trunc_start(moment, by_year).date() for moment in moments)
    totals = all_statements_per_period(everything, trunc, by_year) if with_totals else {}
    periods, current = [], trunc_start(first, by_year).date()
    while current <= last.date():
        following = (
            date(current.year + 1, 1, 1)
            if by_year
            else date(current.year + current.month // 12, current.month % 12 + 1, 1)
        )
        periods.append(
            {
                "start": current,
                "end": following - timedelta(days=1),
                "by_year": by_year,
                "count": scaled(matches.get(current, 0), scale),
                "total": totals.get(current, 0),
            }
        )
        current = following
    return periods


def all_statements_per_period(everything, trunc, by_year: bool) -> dict:
    """All listed statements per month or year: the same for every search, so computed
    once a few minutes."""
    from django.core.cache import cache

    def count():
        rows = (
            everything.order_by()
            .filter(sort_date__isnull=False)
            .annotate(period=trunc("sort_date"))
            .values_list("period")
            .annotate(count=Count("*"))
            .values_list("period", "count")
        )
        return {period.date(): number for period, number in rows}

    return cache.get_or_set(f"statements-per-{'year' if by_year else 'month'}", count, 300)


def trunc_start(moment, by_year: bool):
    return moment.replace(
        month=1 if by_year else moment.month, day=1, hour=0, minute=0, second=0, microsecond=0
    )


LINKS_TEXT_SQL = """
UPDATE {statement} AS s SET participant_text = linked.text
FROM (
    SELECT s2.id, concat_ws(E'\\n',
        (SELECT string_agg(
                    concat_ws(E'\\n', p.name, NULLIF(array_to_string(p.aliases, E'\\n'), '')),
                    E'\\n' ORDER BY p.name)
           FROM {statement_participants} sp JOIN {participant} p ON p.id = sp.participant_id
          WHERE sp.statement_id = s2.id),
        (SELECT string_agg(ltrim(h.name, '#'), E'\\n' ORDER BY h.name)
           FROM {statement_hashtags} sh JOIN {hashtag} h ON h.id = sh.hashtag_id
          WHERE sh.statement_id = s2.id)
    ) AS text
    FROM {statement} s2 WHERE s2.id = ANY(%s)
) AS linked
WHERE s.id = linked.id AND s.participant_text IS DISTINCT FROM linked.text
RETURNING s.id, s.participant_text
"""


def attach_snippets(statements, raw_query: str | None, snippet_words: int = 40) -> None:
    """Give each shown statement `marked_title` and `snippet`: safe HTML, matches in <mark>.

    Headlines are computed for these rows only, never for the whole result.
    """
    statements = list(statements)
    query = highlight_query(raw_query)
    if query is None or not statements:
        for statement in statements:
            statement.marked_title = escape(statement.title)
            statement.snippet = escape(_truncate_words(statement.text, snippet_words))
        return
    from statements.models import Statement

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


def mark_full_statement(statement, raw_query: str | None) -> None:
    """Give the statement `marked_title` and `marked_text`: safe HTML, every match marked."""
    query = highlight_query(raw_query)
    if query is None:
        statement.marked_title, statement.marked_text = (
            escape(statement.title),
            escape(statement.text),
        )
        return
    from statements.models import Statement

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


def mark_matches(headline: str) -> str:
    escaped = str(escape(headline))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _truncate_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def search_time_limit(view):
    """Run a public view in a transaction whose queries are cancelled after SEARCH_TIMEOUT_MS.

    A cancelled search gives a 503 with a message instead of tying up a worker.
    """

    @wraps(view)
    def limited(request, *args, **kwargs):
        alias = router.db_for_read(None)  # a replica for public reading, if there is one
        try:
            with transaction.atomic(using=alias):
                with connections[alias].cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)",
                        [str(settings.SEARCH_TIMEOUT_MS)],
                    )
                return view(request, *args, **kwargs)
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
        message = "This search took too long. Add a word or a filter to narrow it, and try again."
        if request.path.startswith("/api/"):
            return JsonResponse({"errors": {"q": [message]}}, status=503)
        return render(request, "statements/too_slow.html", {"message": message}, status=503)

    return limited
