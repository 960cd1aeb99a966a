"""The alerts' forms: follow a search; ask for an address to be deleted."""

from django import forms
from django.http import QueryDict

from statements.alerts.searches import MAX_SEARCH_LENGTH, filter_of, search_errors, search_of
from statements.models import Alert


class AlertForm(forms.Form):
    email = forms.EmailField(max_length=254, label="E-mail address")
    frequency = forms.ChoiceField(
        choices=Alert.Frequency.choices, initial=Alert.Frequency.WEEKLY, label="How often"
    )
    # The search's query string, as the search page's address holds it.
    search = forms.CharField(
        required=False, max_length=MAX_SEARCH_LENGTH, widget=forms.HiddenInput, strip=False
    )

    def clean_search(self) -> str:
        """The search in the form an alert keeps, if the search page can read it."""
        search = search_of(QueryDict(self.cleaned_data["search"]))
        filterset = filter_of(search)
        if not filterset.is_valid():
            raise forms.ValidationError(search_errors(filterset))
        return search


class ForgetForm(forms.Form):
    email = forms.EmailField(max_length=254, label="E-mail address")
