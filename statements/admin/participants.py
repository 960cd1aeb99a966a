"""Participants and hashtags, the names statements link to; renaming them (their old
slugs lead on), merging participants or hashtags, undoing a participant merge, and
deleting a mistaken participant no statement links to."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect, render

from statements.admin.base import PlainTitles, StatementCountMixin, ids_count, page_context
from statements.curation.hashtags import hashtag_renamed, merge_hashtags
from statements.curation.participants import (
    MergeRefused,
    delete_participant,
    deletion_refused,
    merge_participants,
    participant_changed,
    undo_merge,
)
from statements.curation.slugs import renamed
from statements.models import Hashtag, Participant, ParticipantMerge


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(item.pk, describe(item)) for item in choices]


def describe(item: Participant | Hashtag) -> str:
    if isinstance(item, Participant):
        return f"{item.name} ({', '.join(item.aliases) or 'no aliases'})"
    return f"{item.name} ({item.slug})"


class LastingSlugForm(forms.ModelForm):
    """A participant or hashtag whose slug may change, but not to one that saved links
    already give to another."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug != self.initial.get("slug"):
            other = self._meta.model.objects.by_former_slug(slug)
            if other is not None and other.pk != self.instance.pk:
                raise forms.ValidationError(
                    f"Saved links with “{slug}” lead to {other}: choose another slug."
                )
        return slug


class LinkedNameAdmin(PlainTitles, admin.ModelAdmin):
    """Participants or hashtags: a change of slug is recorded (the old one leads on), and
    the selected rows can be merged into the one an editor keeps (`merge_one`)."""

    form = LastingSlugForm
    merge_explanation = ""

    def merge_one(self, request, survivor, merged) -> str:
        """Merge, and say what was done (for the change log)."""
        raise NotImplementedError

    @admin.action(description="Merge selected %(verbose_name_plural)s…", permissions=["change"])
    def merge(self, request, queryset):
        """Fold the selected rows into the one the editor keeps."""
        chosen = list(queryset.order_by("name"))
        name = self.opts.verbose_name_plural
        if len(chosen) < 2:
            self.message_user(request, f"Select two or more {name} to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, choices=chosen)
        if not form.is_valid():
            context = page_context(
                self,
                request,
                f"Merge {name}",
                form=form,
                selected=[item.pk for item in chosen],
                explanation=self.merge_explanation,
            )
            return render(request, "admin/statements/merge.html", context)
        survivor = next(item for item in chosen if item.pk == int(form.cleaned_data["survivor"]))
        for merged in chosen:
            if merged.pk != survivor.pk:
                self.log_change(request, survivor, self.merge_one(request, survivor, merged))
        self.message_user(request, f"Merged {len(chosen) - 1} into {survivor}.")
        return None

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and obj.slug != form.initial["slug"]:
            renamed(obj, form.initial["slug"], request.user)


@admin.register(Participant)
class ParticipantAdmin(StatementCountMixin, LinkedNameAdmin):
    list_display = ["name", "role", "country", "alias_list", "statement_count"]
    list_filter = ["country"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]
    actions = ["merge"]
    merge_explanation = (
        "The others are folded into the one you keep: their statements, name and aliases "
        "move to it, their pages and saved links lead to it. Each merge is recorded under "
        "“Participant merges” and can be undone there."
    )

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
            participant_changed(obj, request.user)

    def merge_one(self, request, survivor, merged) -> str:
        record = merge_participants(survivor, merged, request.user)
        return f"Merged {record.merged_name} into it"

    # Deleting a mistaken participant: one at a time, refused with the reason while
    # statements link to it (the list's "Delete selected" would skip the reason).

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        participant = self.get_object(request, unquote(object_id))
        may_delete = participant is not None and self.has_delete_permission(request, participant)
        if may_delete and (reason := deletion_refused(participant)):
            self.message_user(request, f"{participant} cannot be deleted: {reason}", messages.ERROR)
            return redirect("admin:statements_participant_change", participant.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        delete_participant(obj)


@admin.register(ParticipantMerge)
class ParticipantMergeAdmin(PlainTitles, admin.ModelAdmin):
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
                restored = undo_merge(merge, request.user)
            except MergeRefused as exc:
                self.message_user(request, f"Not undone: {exc}.", messages.ERROR)
                continue
            self.log_addition(request, restored, f"Merge into {merge.survivor} undone")
            self.message_user(request, f"{restored} is back, with its statements.")

    def has_undo_permission(self, request):
        return request.user.has_perm("statements.change_participant")


@admin.register(Hashtag)
class HashtagAdmin(StatementCountMixin, LinkedNameAdmin):
    list_display = ["name", "slug", "statement_count"]
    search_fields = ["name"]
    actions = ["merge"]
    merge_explanation = (
        "The others are folded into the one you keep: their statements are tagged with it "
        "(each such statement gets a revision), their pages and saved links lead to it."
    )

    def save_model(self, request, obj, form, change):
        """A renamed hashtag takes the slug of its new name (unless the editor chose one):
        the tag's filter, page and `tag:` follow the name, the old slug leads on."""
        renaming = change and "name" in form.changed_data
        if renaming and "slug" not in form.changed_data:
            obj.slug = obj.slug_from_name()
        super().save_model(request, obj, form, change)
        if renaming:
            hashtag_renamed(obj)

    def merge_one(self, request, survivor, merged) -> str:
        name = merged.name
        merge_hashtags(survivor, merged, request.user)
        return f"Merged {name} into it"
