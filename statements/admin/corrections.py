"""Bulk corrections: the statement list's actions that change many statements at once
(at once when few, else in the worker), and the corrections' own read-only list."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Model
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from statements.admin.base import ids_count, page_context
from statements.curation.corrections import request_correction
from statements.models import BulkCorrection, Hashtag, Participant, Statement
from statements.search.results import estimated_count
from statements.vocabulary import Kind

Action = BulkCorrection.Action


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)


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


class BulkCorrectionActions:
    """The correction actions of a statement list; each change is a revision."""

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

    @admin.action(description="Publish selected statements", permissions=["change"])
    def publish(self, request, queryset):
        return self.correct(request, queryset, Action.PUBLISH)

    @admin.action(description="Hide selected statements", permissions=["change"])
    def hide(self, request, queryset):
        return self.correct(request, queryset, Action.HIDE)

    @admin.action(description="Re-run enrichment on selected statements", permissions=["change"])
    def reenrich(self, request, queryset):
        return self.correct(request, queryset, Action.REENRICH)

    @admin.action(description="Set the kind of selected statements…", permissions=["change"])
    def set_kind(self, request, queryset):
        return self.correct_with(request, queryset, Action.SET_KIND, KindForm)

    @admin.action(description="Add a participant to selected statements…", permissions=["change"])
    def add_participant(self, request, queryset):
        return self.correct_with(request, queryset, Action.ADD_PARTICIPANT, ParticipantChoiceForm)

    @admin.action(
        description="Remove a participant from selected statements…", permissions=["change"]
    )
    def remove_participant(self, request, queryset):
        action = Action.REMOVE_PARTICIPANT
        return self.correct_with(request, queryset, action, ParticipantChoiceForm)

    @admin.action(description="Add a hashtag to selected statements…", permissions=["change"])
    def add_hashtag(self, request, queryset):
        return self.correct_with(request, queryset, Action.ADD_HASHTAG, HashtagChoiceForm)

    @admin.action(description="Remove a hashtag from selected statements…", permissions=["change"])
    def remove_hashtag(self, request, queryset):
        return self.correct_with(request, queryset, Action.REMOVE_HASHTAG, HashtagChoiceForm)

    def correct_with(self, request, queryset, action, form_class):
        """An action that needs a value: first a page asking for it, then the correction."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            value = next(iter(form.cleaned_data.values()))
            return self.correct(request, queryset, action, getattr(value, "pk", value))
        context = page_context(
            self,
            request,
            Action(action).label,
            form=form,
            media=self.media + form.media,
            action=request.POST.get("action"),
            selected=request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            select_across=request.POST.get("select_across", "0"),
            count=estimated_count(queryset)[0],
        )
        return render(request, "admin/statements/statement/correction.html", context)

    def correct(self, request, queryset, action, argument=""):
        """Apply a correction to the selection (all of a filtered list with "select all"):
        at once when small, else in the worker; each change is a revision."""
        chosen = list(queryset.values_list("pk", flat=True))
        correction = request_correction(action, chosen, request.user, argument)
        self.log_addition(request, correction, str(correction))
        if correction.status == BulkCorrection.Status.FINISHED:
            LogEntry.objects.log_actions(
                request.user.pk,
                Statement.objects.filter(pk__in=chosen),
                CHANGE,
                change_message=f"{correction.get_action_display()} (bulk correction "
                f"{correction.pk})",
                single_object=False,
            )
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
class BulkCorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "argument", "status", "progress", "requested_by"]
    list_filter = ["status", "action"]
    list_select_related = ["requested_by"]
    fields = ["action", "argument", "status", "progress", "message", "requested_by"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.defer("statement_ids").annotate(statement_count=ids_count("statement_ids"))

    @admin.display(description="Progress")
    def progress(self, correction):
        total = correction.statement_count
        return f"{correction.done:,} of {total:,} done, {correction.changed:,} changed"
