"""The filters of the search page and the API, validated by django-filter.

Filters only narrow the result. Repeated participant or hashtag values mean
all of them; repeated kind, source or language values mean any of them.
"""

from datetime import UTC, date, datetime, time, timedelta

import django_filters
from django import forms

from statements.models import Hashtag, Kind, Participant, Source, Statement
from statements.search import parse_cursor, parse_query

LANGUAGES = {
    "en": "English",
    "ru": "Russian",
    "sr": "Serbian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "zh": "Chinese",
    "ar": "Arabic",
    "tr": "Turkish",
}
SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


def start_of_day(day):
    return datetime.combine(day, time.min, tzinfo=UTC)


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
        queryset=Source.objects.all(), to_field_name="slug", distinct=False
    )
    language = django_filters.MultipleChoiceFilter(choices=list(LANGUAGES.items()), distinct=False)
    date_from = django_filters.DateFilter(method="filter_date_from", label="From")
    date_to = django_filters.DateFilter(method="filter_date_to", label="To")
    sort = django_filters.ChoiceFilter(choices=SORTS, method="keep", empty_label="Default")

    class Meta:
        model = Statement
        fields = []

    def filter_query(self, queryset, name, value):
        parsed = parse_query(value)
        queryset, self.query_chips, self.query_notes = queryset.with_inline_filters(parsed.filters)
        return queryset.search(value)

    query_chips: list = []
    query_notes: list = []

    def filter_participants(self, queryset, name, value):
        return queryset.with_all_participants(value)

    def filter_hashtags(self, queryset, name, value):
        return queryset.with_all_hashtags(value)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(sort_date__gte=start_of_day(value))

    def filter_date_to(self, queryset, name, value):
        if value >= date.max:
            return queryset
        return queryset.filter(sort_date__lt=start_of_day(value + timedelta(days=1)))

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


def valid_cursor(value: str) -> None:
    if value and parse_cursor(value) is None:
        raise forms.ValidationError("Not a page cursor (copy it from a “next” link).")


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=10**6, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=100, required=False)
    after = forms.CharField(max_length=60, required=False, validators=[valid_cursor])
    before = forms.CharField(max_length=60, required=False, validators=[valid_cursor])
