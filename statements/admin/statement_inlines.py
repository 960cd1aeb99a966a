"""What a statement's change page shows beneath its fields: the people it names with their
roles, the other appearances of its post, and its history."""

import json

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from statements.admin.base import user_name
from statements.models import Statement, StatementParticipant, StatementRevision


class RevisionInline(admin.TabularInline):
    """What each change replaced: by an import or an editor, applied or offered."""

    model = StatementRevision
    fields = ["created_at", "changed_by_name", "import_run", "note", "applied", "replaced_values"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = (
        "History (values each change replaced; compare and restore under “Versions”)"
    )

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "import_run")

    changed_by_name = user_name("changed_by", "Changed by")

    @admin.display(description="Replaced values")
    def replaced_values(self, revision):
        return format_html(
            "<pre class='archive-pre'>{}</pre>",
            json.dumps(revision.fields, ensure_ascii=False, indent=2),
        )


class ParticipantLinkForm(forms.ModelForm):
    """A person linked by an editor, or whose role an editor chose, keeps that role:
    re-linking leaves it as it is."""

    class Meta:
        model = StatementParticipant
        fields = ["participant", "role"]

    def save(self, commit=True):
        if self.instance.pk is None or "role" in self.changed_data:
            self.instance.role_set_by_editor = True
        return super().save(commit)


class ParticipantInline(admin.TabularInline):
    """The people the statement names: who took part in it and who is only mentioned."""

    model = StatementParticipant
    form = ParticipantLinkForm
    fields = ["participant", "role", "role_set_by_editor"]
    readonly_fields = ["role_set_by_editor"]
    autocomplete_fields = ["participant"]
    extra = 1
    verbose_name = "person"
    verbose_name_plural = "Who: people who took part and people only mentioned"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("participant")


class AppearanceInline(admin.TabularInline):
    """Other copies of this post: forwards, reposts, the same post in another export."""

    model = Statement
    fk_name = "duplicate_of"
    fields = ["source", "source_message_id", "source_url", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "Other appearance"
    verbose_name_plural = "Other appearances of this post"

    def has_add_permission(self, request, obj=None):
        return False
