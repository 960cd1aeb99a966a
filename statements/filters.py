"""The filters of the search page and the API, validated by django-filter.

Filters only narrow the result. Repeated participant, hashtag or has values mean
all of them; repeated kind, source or language values mean any of them.
"""

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django import forms
from django.http import QueryDict

from statements.models import Hashtag, Participant, Source, Statement
from statements.search.chips import kind_choices, name_choices
from statements.search.compile import matching, stop_words_only
from statements.search.facets import with_other_values
from statements.search.inline_filters import AppliedFilter, apply_inline_filters
from statements.search.paging import MAX_PAGE_NUMBER, parse_cursor
from statements.search.panels import exact_facet
from statements.search.query import ParsedQuery, parse_query
from statements.search.querystring import edit_query, without_value
from statements.search.results import find
from statements.search.spelling import FEW_FOUND, close_names, corrected_query
from statements.text.roles import PARTICIPANT
from statements.vocabulary import HAS, HAS_EDITS, LANGUAGES, SORTS, Kind

MAX_API_PAGE_SIZE = 100
FORM_FILTERS = (
    "participant",
    "took_part",
    "hashtag",
    "kind",
    "source",
    "language",
    "date_from",
    "date_to",
    "deleted_at_source",
    "has",
    "edited",
)
BROADER_CANDIDATES = 6


def current_slugs(data: QueryDict | dict | None) -> QueryDict | None:
    """The parameters (a QueryDict, or a dict of values or lists) with a participant's or
    hashtag's former slug (a saved link from before a rename or a merge) replaced by the
    slug of what it names now."""
    if data is None:
        return None
    if not isinstance(data, QueryDict):
        data = QueryDict(urlencode(data, doseq=True))
    changed = {}
    for name, model in (
        ("participant", Participant),
        ("took_part", Participant),
        ("hashtag", Hashtag),
    ):
        slugs = data.getlist(name)
        if any("\x00" in slug for slug in slugs):
            continue  # no slug holds a NUL (nor can PostgreSQL compare one): the filter says so
        held = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        if held.issuperset(slugs):
            continue
        changed[name] = [slug if slug in held else current_slug(model, slug) for slug in slugs]
    if not changed:
        return data
    data = data.copy()
    for name, slugs in changed.items():
        data.setlist(name, slugs)
    return data


def current_slug(model: type[Participant | Hashtag], slug: str) -> str:
    """The slug of what a slug names now; the slug itself when it names nothing (an error
    the filter reports)."""
    item = model.objects.by_slug(slug)
    return item.slug if item is not None else slug


def default_sort(query: str) -> str:
    """The order a search without a chosen one is sorted in: by relevance when it has words."""
    return "relevance" if query else "newest"


def not_one_of(what: str, values: list[str] | None = None) -> dict[str, str]:
    """Error messages in the archive's words for a value that names no `what`: the value
    quoted, and the values to choose from when they are few."""
    choose = f"; choose one of {', '.join(values)}" if values else ""

    def message(placeholder: str) -> str:
        return f"“%({placeholder})s” is not {what}{choose}."

    return {"invalid_choice": message("value"), "invalid_pk_value": message("pk")}


NOT_A_DATE = {"invalid": "Not a date: write it as YYYY-MM-DD, e.g. 2024-03-21."}


class StatementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_query", label="Search")
    participant = django_filters.ModelMultipleChoiceFilter(
        queryset=Participant.objects.all(),
        to_field_name="slug",
        method="filter_participants",
        error_messages=not_one_of("a participant of the archive (by the slug of their page)"),
    )
    took_part = django_filters.ModelMultipleChoiceFilter(
        queryset=Participant.objects.all(),
        to_field_name="slug",
        method="filter_took_part",
        label="Took part",
        error_messages=not_one_of("a participant of the archive (by the slug of their page)"),
    )
    hashtag = django_filters.ModelMultipleChoiceFilter(
        queryset=Hashtag.objects.all(),
        to_field_name="slug",
        method="filter_hashtags",
        error_messages=not_one_of("a hashtag of the archive (by the slug of its page)"),
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Kind.choices,
        distinct=False,
        error_messages=not_one_of("a kind", list(Kind.values)),
    )
    source = django_filters.ModelMultipleChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        method="filter_sources",
        error_messages=not_one_of("a source of the archive (by its slug)"),
    )
    language = django_filters.MultipleChoiceFilter(
        choices=list(LANGUAGES.items()),
        distinct=False,
        error_messages=not_one_of("a language code", list(LANGUAGES)),
    )
    date_from = django_filters.DateFilter(
        method="filter_date_from", label="From", error_messages=NOT_A_DATE
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to", label="To", error_messages=NOT_A_DATE
    )
    deleted_at_source = django_filters.ChoiceFilter(
        choices=[("yes", "Deleted at the source"), ("no", "Still at the source")],
        method="filter_deleted_at_source",
        label="At the source",
        empty_label="Either",
        error_messages=not_one_of("a choice here", ["yes", "no"]),
    )
    has = django_filters.MultipleChoiceFilter(
        choices=list(HAS.items()),
        method="filter_has",
        label="Has",
        error_messages=not_one_of("something a statement can have", list(HAS)),
    )
    edited = django_filters.ChoiceFilter(
        choices=[("1", "Edited by the source"), ("0", "Never edited")],
        method="filter_edited",
        label="Edits",
        empty_label="Either",
        error_messages=not_one_of("a choice here", ["1", "0"]),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS,
        method="keep",
        empty_label="Default",
        error_messages=not_one_of("a sort order", [value for value, _ in SORTS]),
    )

    class Meta:
        model = Statement
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(current_slugs(data), *args, **kwargs)
        # The filters written in the search box that were applied, and notes on them.
        self.applied_inline_filters: list[AppliedFilter] = []
        self.query_notes: list[str] = []

    @property
    def params(self) -> QueryDict:
        """The search's parameters as read (a former participant or hashtag slug made current):
        what its chips, facet links and page links edit."""
        return self.data if isinstance(self.data, QueryDict) else QueryDict()

    def filter_query(self, queryset, name, value):
        parsed = self.parsed_query
        queryset, self.applied_inline_filters, notes = apply_inline_filters(
            queryset, parsed.filters
        )
        self.query_notes = [*parsed.notes, *notes]
        return matching(queryset, parsed)

    def filter_participants(self, queryset, name, value):
        return queryset.linked_to_all("participant", value)

    def filter_took_part(self, queryset, name, value):
        return queryset.linked_to_all("participant", value, role=PARTICIPANT)

    def filter_hashtags(self, queryset, name, value):
        return queryset.linked_to_all("hashtag", value)

    def filter_sources(self, queryset, name, value):
        # By the chosen sources themselves: django-filter would compare the slug with the id.
        return queryset.filter(source__in=value) if value else queryset

    def filter_date_from(self, queryset, name, value):
        return queryset.dated_between(value, None)

    def filter_date_to(self, queryset, name, value):
        return queryset.dated_between(None, value)

    def filter_deleted_at_source(self, queryset, name, value):
        return queryset.deleted_at_source(value == "yes")

    def filter_has(self, queryset, name, value):
        for what in value:  # each value chosen must hold: a photo post with text
            queryset = queryset.having(what)
        return queryset

    def filter_edited(self, queryset, name, value):
        return queryset.having(HAS_EDITS, holds=value == "1")

    def keep(self, queryset, name, value):
        return queryset  # applied after every filter, in `qs`

    @property
    def qs(self):
        queryset = super().qs
        return queryset.sorted_by(self.sort_order)

    @property
    def sort_order(self) -> str:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return data.get("sort") or default_sort(data.get("q", ""))

    @property
    def narrows(self) -> bool:
        """Whether words or filters narrow the archive (the sort order does not)."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(value for name, value in data.items() if name != "sort")

    @property
    def raw_query(self) -> str:
        return (self.form.cleaned_data.get("q") or "") if self.form.is_valid() else ""

    @cached_property
    def parsed_query(self) -> ParsedQuery:
        """The search box parsed, once per request."""
        return parse_query(self.raw_query)

    @cached_property
    def stop_words(self) -> list[str]:
        """The query's words when every one is too common to be searched, else []."""
        return stop_words_only(self.parsed_query)


def valid_cursor(value: str) -> None:
    if value and parse_cursor(value) is None:
        raise forms.ValidationError("Not a page cursor (copy it from a “next” link).")


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_API_PAGE_SIZE, required=False)
    after = forms.CharField(max_length=60, required=False, validators=[valid_cursor])
    before = forms.CharField(max_length=60, required=False, validators=[valid_cursor])
    # The API's facets=1 (as Datasette's JSON): the counts the search page shows beside it.
    facets = forms.TypedChoiceField(
        choices=[("", "no"), ("0", "no"), ("false", "no"), ("1", "yes"), ("true", "yes")],
        coerce=lambda value: value in ("1", "true"),
        required=False,
        empty_value=False,
    )


def facets_of_search(filterset: StatementFilter, facets: dict[str, list[dict]]) -> dict:
    """The facets the page and the API show: the result's, with kind, source and language
    counted without their own choice, so their other values stay offered to add."""
    params = filterset.params

    def counted_without(name: str) -> list[dict] | None:
        less = StatementFilter(
            QueryDict(edit_query(params, drop=(name, "page"))), queryset=filterset.queryset
        )
        if not less.is_valid():
            return None
        return exact_facet(less.qs, less.narrows, name)

    return with_other_values(facets, params, counted_without)


@dataclass
class Offers:
    """What a search says and offers beside its results, the same on the page and in the
    API: notes on how it was read, narrower searches to choose from (label, query), and
    for a search finding little, a correction of its spelling, names spelled alike and a
    broader search."""

    notes: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    did_you_mean: dict | None = None  # {"q", "count"}
    close_names: dict | None = None  # {"participants": [...], "hashtags": [...]}
    broader: dict | None = None  # {"label", "query" (the query string), "count"}


def search_notes(filterset: StatementFilter, nothing_found: bool) -> list[str]:
    """How a valid search was read, for the reader (the search page, the API, the admin's
    messages): what its filters matched or why one was left out, and for a search that
    found nothing, the words too common to be searched."""
    notes = list(filterset.query_notes)
    if nothing_found and filterset.stop_words:
        said = ", ".join(f"“{word}”" for word in filterset.stop_words)
        notes.append(
            f"{said}: too common to be searched (stop words), and the query has no other "
            "word, so it searches for nothing. Add a word that says what to find."
        )
    return notes


def offers_of(filterset: StatementFilter, count: int) -> Offers:
    """The notes and offers of a valid search that found `count` statements."""
    parsed = filterset.parsed_query
    nothing_found = count == 0
    notes = search_notes(filterset, nothing_found)
    stop_words = nothing_found and filterset.stop_words
    limited_to_kind = bool(filterset.params.getlist("kind")) or any(
        inline.name == "kind" for inline in parsed.filters
    )
    return Offers(
        notes=notes,
        choices=name_choices(parsed, filterset.applied_inline_filters)
        + ([] if limited_to_kind else kind_choices(parsed)),
        did_you_mean=did_you_mean(filterset, count) if not stop_words else None,
        close_names=close_names(parsed) if nothing_found else None,
        broader=broader_search(filterset) if nothing_found else None,
    )


def did_you_mean(filterset: StatementFilter, count: int) -> dict | None:
    """For a search finding little, the query with its words spelled as the archive spells
    them, when that finds more."""
    if count > FEW_FOUND or not filterset.parsed_query:
        return None
    corrected = corrected_query(filterset.parsed_query)
    if corrected is None:
        return None
    other = StatementFilter(
        QueryDict(edit_query(filterset.params, drop=("page", "after", "before"), q=corrected)),
        queryset=filterset.queryset,
    )
    found = find(other.qs).count if other.is_valid() else 0
    return {"q": corrected, "count": found} if found > count else None


def broader_search(filterset: StatementFilter) -> dict | None:
    """For a search that found nothing: the same search less the one filter whose removal
    finds the most (the narrowest filter), with what it finds."""
    params, parsed = filterset.params, filterset.parsed_query
    candidates = [
        (f"without {inline.token}", edit_query(params, q=parsed.without(inline.token)))
        for inline in parsed.filters
    ]
    for name in FORM_FILTERS:
        for value in params.getlist(name):
            candidates.append((f"without {name} {value}", without_value(params, name, value)))
    best = None
    for label, query in candidates[:BROADER_CANDIDATES]:
        relaxed = StatementFilter(QueryDict(query), queryset=filterset.queryset)
        count = relaxed.qs.count() if relaxed.is_valid() else 0
        if count and (best is None or count > best["count"]):
            best = {"label": label, "count": count, "query": query}
    return best


# The index pages (participants, hashtags) ------------------------------------------------
