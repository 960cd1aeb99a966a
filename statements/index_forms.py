"""The index pages' choices: a name to look for, the order, the page; a participant's role
and country."""

from django import forms

from statements.models import Participant
from statements.search.indexes import INDEX_SORTS
from statements.search.paging import MAX_PAGE_NUMBER


class IndexForm(forms.Form):
    """An index page's choices: a name to look for, the order, the page."""

    q = forms.CharField(required=False, max_length=200, label="Name")
    sort = forms.ChoiceField(
        choices=INDEX_SORTS,
        required=False,
        error_messages={"invalid_choice": "The list is sorted A–Z or by number of statements."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_NUMBER,
        error_messages={"invalid": "A page is a whole number, 1 or more."},
    )

    def items(self, items):
        """The items named like the name given (all when none is)."""
        return items


class ParticipantIndexForm(IndexForm):
    role = forms.ChoiceField(required=False, label="Role")
    country = forms.ChoiceField(required=False, label="Country")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("role", "country"):
            values = Participant.objects.exclude(**{name: ""}).order_by(name)
            self.fields[name].choices = [
                ("", "Any"),
                *((v, v) for v in values.values_list(name, flat=True).distinct()),
            ]
            self.fields[name].error_messages["invalid_choice"] = (
                f"No participant has the {name} “%(value)s”."
            )

    def items(self, items):
        data = self.cleaned_data
        if data["q"]:
            items = items.spelled_like(data["q"])
        for name in ("role", "country"):
            if data[name]:
                items = items.filter(**{name: data[name]})
        return items


class HashtagIndexForm(IndexForm):
    def items(self, items):
        name = self.cleaned_data["q"].lstrip("#")
        return items.filter(name__unaccent__icontains=name) if name else items
