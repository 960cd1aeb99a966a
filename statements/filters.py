"""The filters of the search page and the API, validated by django-filter.

Filters only narrow the result. Repeated participant or hashtag values mean
all of them; repeated kind, source or language values mean any of them.
"""

from functools import cached_property
from urllib.parse import urlencode

import django_filters
from django import forms
from django.http import QueryDict

from statements.models import Hashtag, Participant, Source, Statement
from statements.search.compile import matching
from statements.search.facets import with_other_values
from statements.search.inline_filters import AppliedFilter, apply_inline_filters
from statements.search.paging import MAX_PAGE_NUMBER, parse_cursor
from statements.search.panels import exact_facet
from statements.search.query import ParsedQuery, parse_query
from statements.search.querystring import edit_query
from statements.vocabulary import LANGUAGES, SORTS, Kind

MAX_API_PAGE_SIZE = 100


def current_slugs(data: QueryDict | dict | None) -> QueryDict | None:
    """The parameters (a QueryDict, or a dict of values or lists) with a participant's or
    hashtag's former slug (a saved link from before a rename or a merge) replaced by the
    slug of what it names now."""
    if data is None:
        return None
    if not isinstance(data, QueryDict):
        data = QueryDict(urlencode(data, doseq=True))
    changed = {}
    for name, model in (("participant", Participant), ("hashtag", Hashtag)):
        slugs = data.getlist(name)
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


class StatementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_query", label="Search")
    participant = django_filters.ModelMultipleChoiceFilter(
        queryset=Participant.objects.all(), to_field_name="slug", method="filter_participants"
    )
    hashtag = django_filters.ModelMultipleChoiceFilter(
        queryset=Hashtag.objects.all(), to_field_name="slug", method="filter_hashtags"
    )
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, distinct=False)
    source = django_filters.ModelMultipleChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", method="filter_sources"
    )
    language = django_filters.MultipleChoiceFilter(choices=list(LANGUAGES.items()), distinct=False)
    date_from = django_filters.DateFilter(method="filter_date_from", label="From")
    date_to = django_filters.DateFilter(method="filter_date_to", label="To")
    sort = django_filters.ChoiceFilter(choices=SORTS, method="keep", empty_label="Default")

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

    def filter_hashtags(self, queryset, name, value):
        return queryset.linked_to_all("hashtag", value)

    def filter_sources(self, queryset, name, value):
        # By the chosen sources themselves: django-filter would compare the slug with the id.
        return queryset.filter(source__in=value) if value else queryset

    def filter_date_from(self, queryset, name, value):
        return queryset.dated_between(value, None)

    def filter_date_to(self, queryset, name, value):
        return queryset.dated_between(None, value)

    def keep(self, queryset, name, value):
        return queryset  # applied after every filter, in `qs`

    @property
    def qs(self):
        queryset = super().qs
        return queryset.sorted_by(self.sort_order)

    @property
    def sort_order(self) -> str:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        sort = data.get("sort")
        if sort:
            return sort
        return "relevance" if data.get("q") else "newest"

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
