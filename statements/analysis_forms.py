"""The analysis pages' searches (the concordance's and the network's): a search read as the
search page reads it (filters.StatementFilter), with each page's own choices beside it."""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from statements.filters import StatementFilter
from statements.search.concordance import (
    CONCORDANCE_PARAMS,
    CONCORDANCE_SORTS,
    MAX_WIDTH,
    valid_concordance_cursor,
)
from statements.search.concordance import WIDTH as CONCORDANCE_WIDTH
from statements.search.paging import MAX_PAGE_NUMBER
from statements.search.querystring import edit_query


def valid_line_cursor(value: str) -> None:
    if value and not valid_concordance_cursor(value):
        raise forms.ValidationError("Not a page cursor (copy it from a “next” link).")


class ConcordanceForm(forms.Form):
    """The concordance's own parameters, beside the search's (CONCORDANCE_PARAMS)."""

    sort = forms.ChoiceField(choices=CONCORDANCE_SORTS, required=False)
    width = forms.IntegerField(min_value=1, max_value=MAX_WIDTH, required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, required=False)
    after = forms.CharField(max_length=80, required=False, validators=[valid_line_cursor])

    def search_params(self) -> QueryDict:
        """The search the lines are of: the parameters less the concordance's own."""
        return QueryDict(edit_query(self.data, drop=CONCORDANCE_PARAMS))


class NetworkForm(forms.Form):
    """The network page's own choice: the fewest shared statements a drawn link has."""

    min_shared = forms.IntegerField(
        min_value=1,
        max_value=1_000_000,
        required=False,
        label="Draw links sharing at least",
        error_messages={"invalid": "The fewest shared statements is a whole number, 1 or more."},
    )


@dataclass
class NetworkSearch:
    """A search whose network is asked for, and the drawing's choice; valid or not."""

    filterset: StatementFilter
    form: NetworkForm

    @property
    def errors(self) -> dict:
        return {**self.filterset.errors, **self.form.errors}

    @property
    def min_shared(self) -> int | None:
        return self.form.cleaned_data.get("min_shared")


def network_search(params: QueryDict, queryset) -> NetworkSearch:
    """The search of a network page, export or API call, read as the search page reads it."""
    search = NetworkSearch(StatementFilter(params, queryset=queryset), NetworkForm(params))
    search.filterset.is_valid()
    search.form.is_valid()
    return search


@dataclass
class ConcordanceSearch:
    """A search whose lines in context are asked for (page, CSV or API), with the
    concordance's own choices; valid or not."""

    filterset: StatementFilter
    form: ConcordanceForm

    @property
    def errors(self) -> dict:
        return {**self.filterset.errors, **self.form.errors}

    @property
    def sort(self) -> str:
        return self.form.cleaned_data.get("sort") or "newest"

    @property
    def width(self) -> int:
        return self.form.cleaned_data.get("width") or CONCORDANCE_WIDTH


def concordance_search(params: QueryDict, queryset) -> ConcordanceSearch:
    """The search of a concordance page, CSV or API call, read as the search page reads it."""
    form = ConcordanceForm(params)
    search = ConcordanceSearch(StatementFilter(form.search_params(), queryset=queryset), form)
    search.filterset.is_valid()
    search.form.is_valid()
    return search
