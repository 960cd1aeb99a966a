"""Bulk corrections: the statement list's actions that change many statements at once
(at once when few, else in the worker), and the corrections' own read-only list."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Model, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from statements.admin.base import PlainTitles, ids_count, page_context, user_name
from statements.curation.corrections import argument_label, request_correction, to_change
from statements.models import BulkCorrection, Hashtag, Participant, Statement
from statements.vocabulary import Kind

Action = BulkCorrection.Action


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)


class HideForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        help_text="Why they are hidden: kept in each statement's history.",
        widget=forms.TextInput(attrs={"size": 60, "autofocus": True}),
    )


def link_choice_form(relation: str, model: type[Model]) -> type[forms.Form]:
    """A form choosing one participant or hashtag, with the admin's search-as-you-type."""
    field = Statement._meta.get_field(relation)
    name = model._meta.model_name
    return type(
        f"{model.__name__}ChoiceForm",
        (forms.Form,),
        {
            name: forms.ModelChoiceField(
                model.objects.all(), widget=AutocompleteSelect(field, admin.site)
            )
        },
    )


ParticipantChoiceForm = link_choice_form("participants", Participant)
HashtagChoiceForm = link_choice_form("hashtags", Hashtag)
# The actions whose value decides which statements change (the others' does not, if any).
COUNTED_BY_VALUE = {
    Action.SET_KIND,
    Action.ADD_PARTICIPANT,
    Action.REMOVE_PARTICIPANT,
    Action.ADD_HASHTAG,
    Action.REMOVE_HASHTAG,
}


@dataclass(frozen=True)
class Counts:
    """What a confirmation states: how many statements are selected and how many of them
    the correction changes (None: only running it tells, as for re-running enrichment)."""

    selected: int
    changing: int | None

    @classmethod
    def of(cls, action: str, statements: QuerySet, value: object) -> "Counts":
        changing = to_change(action, statements, value)
        return cls(statements.count(), None if changing is None else changing.count())

    def posted(self) -> dict[str, str]:
        return {"counted_selected": str(self.selected), "counted_changing": str(self.changing)}

    def as_posted(self, data) -> bool:
        """Whether the confirmation the editor saw stated these very numbers."""
        return all(data.get(name) == value for name, value in self.posted().items())


class BulkCorrectionActions:
    """The correction actions of a statement list. Each asks first, on a page that states
    the exact number of statements it will change (and any value it needs: a kind, a
    participant, a reason for hiding); confirmed, it changes exactly those, each change a
    revision."""

    correction_actions = [
        "publish",
        "hide",
        "set_kind",
        "add_participant",
        "remove_participant",
        "add_hashtag",
        "remove_hashtag",
        "reenrich",
    ]

    @admin.action(description="Publish selected statements…", permissions=["change"])
    def publish(self, request, queryset):
        return self.confirm_correction(request, queryset, Action.PUBLISH)

    @admin.action(description="Hide selected statements…", permissions=["change"])
    def hide(self, request, queryset):
        return self.confirm_correction(request, queryset, Action.HIDE, HideForm)

    @admin.action(description="Re-run enrichment on selected statements…", permissions=["change"])
    def reenrich(self, request, queryset):
        return self.confirm_correction(request, queryset, Action.REENRICH)

    @admin.action(description="Set the kind of selected statements…", permissions=["change"])
    def set_kind(self, request, queryset):
        return self.confirm_correction(request, queryset, Action.SET_KIND, KindForm)

    @admin.action(description="Add a participant to selected statements…", permissions=["change"])
    def add_participant(self, request, queryset):
        action = Action.ADD_PARTICIPANT
        return self.confirm_correction(request, queryset, action, ParticipantChoiceForm)

    @admin.action(
        description="Remove a participant from selected statements…", permissions=["change"]
    )
    def remove_participant(self, request, queryset):
        action = Action.REMOVE_PARTICIPANT
        return self.confirm_correction(request, queryset, action, ParticipantChoiceForm)

    @admin.action(description="Add a hashtag to selected statements…", permissions=["change"])
    def add_hashtag(self, request, queryset):
        return self.confirm_correction(request, queryset, Action.ADD_HASHTAG, HashtagChoiceForm)

    @admin.action(description="Remove a hashtag from selected statements…", permissions=["change"])
    def remove_hashtag(self, request, queryset):
        action = Action.REMOVE_HASHTAG
        return self.confirm_correction(request, queryset, action, HashtagChoiceForm)

    def confirm_correction(self, request, queryset, action, form_class=forms.Form):
        """The confirmation page: the exact numbers (once the value that decides them is
        chosen), then, confirmed with those same numbers, the correction. Numbers that
        moved meanwhile (an import, another editor, another value chosen) are shown again
        to confirm."""
        asked = "counting" in request.POST
        form = form_class(request.POST if asked or not form_class.base_fields else None)
        valid = form.is_valid()
        value = next(iter(form.cleaned_data.values()), None) if valid else None
        counts = None
        if action not in COUNTED_BY_VALUE or valid:
            counts = Counts.of(action, queryset, value)
        if "confirm" in request.POST and valid and counts.as_posted(request.POST):
            if counts.changing == 0:
                self.message_user(request, "Nothing to change: each statement is already so.")
                return None
            argument = "" if value is None else getattr(value, "pk", value)
            return self.correct(request, queryset, action, argument)
        context = page_context(
            self,
            request,
            Action(action).label,
            form=form,
            media=self.media + form.media,
            action=request.POST.get("action"),
            selected=request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            select_across=request.POST.get("select_across", "0"),
            counts=counts,
            moved="confirm" in request.POST and valid and counts is not None,
            reenrich=action == Action.REENRICH,
        )
        return render(request, "admin/statements/statement/correction.html", context)

    def correct(self, request, queryset, action, argument=""):
        """Apply a correction to the selection (all of a filtered list with "select all"):
        at once when small, else in the worker; each change is a revision and an entry in
        the admin log."""
        chosen = list(queryset.values_list("pk", flat=True))
        correction = request_correction(action, chosen, request.user, argument)
        self.log_addition(request, correction, str(correction))
        self.report_correction(request, correction)

    def report_correction(self, request, correction: BulkCorrection) -> None:
        """Say what the correction did, or that the worker will do it, with a link to it."""
        link = reverse("admin:statements_bulkcorrection_change", args=[correction.pk])
        if correction.status == BulkCorrection.Status.FINISHED:
            message = format_html(
                "{}: {} of {} statements changed. <a href='{}'>Details</a>",
                correction.get_action_display(),
                correction.changed,
                correction.total,
                link,
            )
        elif correction.status == BulkCorrection.Status.FAILED:
            self.message_user(request, f"Failed: {correction.message}", messages.ERROR)
            return
        else:
            message = format_html(
                "{} statements: the correction is queued for the worker. "
                "<a href='{}'>Follow its progress</a>",
                correction.total,
                link,
            )
        self.message_user(request, message)


@admin.register(BulkCorrection)
class BulkCorrectionAdmin(PlainTitles, admin.ModelAdmin):
    list_display = ["created_at", "action", "value", "status", "progress", "requested_by"]
    list_filter = ["status", "action"]
    list_select_related = ["requested_by"]
    fields = ["action", "value", "status", "progress", "message", "requested_by_name"]
    readonly_fields = fields
    requested_by_name = user_name("requested_by", "Requested by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.defer("statement_ids").annotate(statement_count=ids_count("statement_ids"))

    @admin.display(description="Value")
    def value(self, correction):
        """The participant's or hashtag's name, the kind, the reason: not an id."""
        return argument_label(correction)

    @admin.display(description="Progress")
    def progress(self, correction):
        total = correction.statement_count
        return f"{correction.done:,} of {total:,} done, {correction.changed:,} changed"
