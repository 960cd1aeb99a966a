"""The channels and sites statements come from."""

from django.contrib import admin

from statements.admin.base import FORM_FIELDS, PlainTitles, StatementCountMixin
from statements.models import Source


@admin.register(Source)
class SourceAdmin(PlainTitles, StatementCountMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "platform",
        "handle",
        "default_language",
        "needs_review",
        "statement_count",
    ]
    list_filter = ["platform", "default_language"]
    search_fields = ["name", "slug", "handle"]
    prepopulated_fields = {"slug": ["name"]}
    # What an import read from the channel's own links when no export named its handle.
    readonly_fields = ["handle_inferred"]
    formfield_overrides = FORM_FIELDS
