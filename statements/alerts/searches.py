"""What an alert follows: a search's parameters, read by the search page's own filter."""

from urllib.parse import urlencode

from django.http import QueryDict

from statements.filters import FORM_FILTERS, StatementFilter
from statements.models import SearchRow
from statements.search.chips import form_filter_chips

SEARCH_NAMES = ("q", *FORM_FILTERS)  # the sort, the page and the rest do not change a result
MAX_SEARCH_LENGTH = 2000


def search_of(params: QueryDict) -> str:
    """A search's parameters as an alert keeps them: its filters only, in a fixed order,
    without empty or repeated values, so one search is one alert however it was written."""
    pairs = [
        (name, value)
        for name in SEARCH_NAMES
        for value in sorted({value.strip() for value in params.getlist(name)})
        if value
    ]
    return urlencode(pairs)


def filter_of(search: str) -> StatementFilter:
    """The search page's filter over what the public may read, for a kept search."""
    return StatementFilter(QueryDict(search), queryset=SearchRow.objects.listed())


def describe(filterset: StatementFilter) -> str:
    """A valid search in words: its query in quotes, then each filter as its chip says it."""
    parts = [f"“{filterset.raw_query}”"] if filterset.raw_query else []
    parts += [
        chip["label"] for chip in form_filter_chips(filterset.params, filterset.form.cleaned_data)
    ]
    return "; ".join(parts) or "every new statement"


def search_errors(filterset: StatementFilter) -> list[str]:
    """Why a search cannot be read, one line per problem."""
    return [
        f"{name}: {message}" for name, messages in filterset.errors.items() for message in messages
    ]
