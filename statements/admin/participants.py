"""Participants and hashtags, the names statements link to; merging participants and
undoing a merge."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render

from statements.admin.base import StatementCountMixin, ids_count, page_context
from statements.curation.participants import (
    MergeRefused,
    merge_participants,
    participant_changed,
    undo_merge,
)
from statements.models import Hashtag, Participant, ParticipantMerge


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (p.pk, f"{p.name} ({', '.join(p.aliases) or 'no aliases'})") for p in choices
        ]


@admin.register(Participant)
class ParticipantAdmin(StatementCountMixin, admin.ModelAdmin):
    list_display = ["name", "role", "country", "alias_list", "statement_count"]
    list_filter = ["country"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]
    actions = ["merge"]

    def get_search_results(self, request, queryset, search_term):
        """Name or any alias, with or without diacritics."""
        if not search_term:
            return queryset, False
        return queryset.spelled_like(search_term), False

    @admin.display(description="Aliases")
    def alias_list(self, participant):
        return ", ".join(participant.aliases)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or {"name", "aliases"} & set(form.changed_data):
            participant_changed(obj)

    @admin.action(description="Merge selected participants…", permissions=["change"])
    def merge(self, request, queryset):
        """Fold the selected participants into the one the editor keeps."""
        chosen = list(queryset.order_by("name"))
        if len(chosen) < 2:
            self.message_user(request, "Select two or more participants to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, choices=chosen)
        if not form.is_valid():
            context = page_context(
                self, request, "Merge participants", form=form, selected=[p.pk for p in chosen]
            )
            return render(request, "admin/statements/participant/merge.html", context)
        survivor = next(p for p in chosen if p.pk == int(form.cleaned_data["survivor"]))
        for merged in chosen:
            if merged.pk != survivor.pk:
                record = merge_participants(survivor, merged, request.user)
                self.log_change(request, survivor, f"Merged {record.merged_name} into it")
        self.message_user(request, f"Merged {len(chosen) - 1} into {survivor}.")
        return None


@admin.register(ParticipantMerge)
class ParticipantMergeAdmin(admin.ModelAdmin):
    """Merges done, with their undo."""

    list_display = ["merged_name", "survivor", "merged_by", "merged_at", "undone_at", "linked"]
    list_filter = [("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["survivor", "merged_by"]
    search_fields = ["merged_name", "survivor__name"]
    actions = ["undo"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("statement_ids", "newly_linked_ids")
            .annotate(statement_count=ids_count("statement_ids"))
        )

    @admin.display(description="Statements")
    def linked(self, merge):
        return merge.statement_count

    @admin.action(description="Undo selected merges", permissions=["undo"])
    def undo(self, request, queryset):
        for merge in queryset.order_by("-merged_at"):
            try:
                restored = undo_merge(merge)
            except MergeRefused as exc:
                self.message_user(request, f"Not undone: {exc}.", messages.ERROR)
                continue
            self.log_addition(request, restored, f"Merge into {merge.survivor} undone")
            self.message_user(request, f"{restored} is back, with its statements.")

    def has_undo_permission(self, request):
        return request.user.has_perm("statements.change_participant")


@admin.register(Hashtag)
class HashtagAdmin(StatementCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "statement_count"]
    search_fields = ["name"]
