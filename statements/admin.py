import json
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from statements.importers.pipeline import FORMATS
from statements.imports import queue_upload, run_queued
from statements.models import (
    Hashtag,
    ImportRun,
    Participant,
    Source,
    Statement,
    StatementRevision,
    StatementToReview,
)
from statements.participants import participant_changed

# Links typed without a scheme are https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class StatementCountMixin:
    """A sortable column of how many statements link to each row."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.with_statement_counts(published_only=False).order_by("name")

    @admin.display(ordering="statement_count", description="Statements")
    def statement_count(self, obj):
        return obj.statement_count


@admin.register(Source)
class SourceAdmin(StatementCountMixin, admin.ModelAdmin):
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
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS


@admin.register(Participant)
class ParticipantAdmin(StatementCountMixin, admin.ModelAdmin):
    list_display = ["name", "role", "country", "alias_list", "statement_count"]
    list_filter = ["country"]
    search_fields = ["name"]
    readonly_fields = ["created_at"]

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


@admin.register(Hashtag)
class HashtagAdmin(StatementCountMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "statement_count"]
    search_fields = ["name"]


class RevisionInline(admin.TabularInline):
    """Earlier values of the statement, as the source gave them before an edit."""

    model = StatementRevision
    fields = ["created_at", "import_run", "replaced_values"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Earlier versions"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Replaced values")
    def replaced_values(self, revision):
        return format_html(
            "<pre style='white-space:pre-wrap'>{}</pre>",
            json.dumps(revision.fields, ensure_ascii=False, indent=2),
        )


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


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = [
        "short_title",
        "source",
        "kind",
        "published_at",
        "event_date",
        "language",
        "status",
    ]
    list_filter = [
        "status",
        "kind",
        "language",
        "source",
        ("duplicate_of", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["source"]
    search_fields = ["title"]  # replaced by full-text search below
    search_help_text = 'Full-text search: words, "phrases", OR, -exclude, prefix*'
    date_hierarchy = "sort_date"
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    autocomplete_fields = ["participants", "hashtags"]
    raw_id_fields = ["duplicate_of"]
    readonly_fields = ["content_hash", "raw_record", "created_at", "updated_at"]
    inlines = [AppearanceInline, RevisionInline]
    fieldsets = [
        (None, {"fields": ["title", "text", "status"]}),
        (
            "What and when",
            {"fields": ["kind", "event_date", "event_date_text", "location", "language"]},
        ),
        ("Who", {"fields": ["participants", "hashtags"]}),
        (
            "Source",
            {
                "fields": [
                    "source",
                    "source_message_id",
                    "source_url",
                    "published_at",
                    "edited_at",
                    "forwarded_from",
                    "forwarded_from_id",
                    "forwarded_message_id",
                    "external_id",
                    "views",
                    "media",
                    "media_count",
                    "duplicate_of",
                ]
            },
        ),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "content_hash",
                    "raw_record",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]
    actions = ["publish", "hide"]

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description="Title", ordering="title")
    def short_title(self, statement):
        return statement.title[:90] or f"Statement {statement.pk}"

    @admin.display(description="Raw source record")
    def raw_record(self, statement):
        return format_html(
            "<pre style='white-space:pre-wrap'>{}</pre>",
            json.dumps(statement.raw, ensure_ascii=False, indent=2),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_links_text()

    @admin.action(description="Publish selected statements")
    def publish(self, request, queryset):
        self.set_status(request, queryset, Statement.Status.PUBLISHED, "published")

    @admin.action(description="Hide selected statements")
    def hide(self, request, queryset):
        self.set_status(request, queryset, Statement.Status.HIDDEN, "hidden")

    def set_status(self, request, queryset, status: str, done: str) -> None:
        """Change the status of the selection, each change in the admin log."""
        chosen = list(queryset.values_list("pk", flat=True))
        Statement.objects.filter(pk__in=chosen).update(status=status)
        for statement in Statement.objects.filter(pk__in=chosen).select_related("source"):
            self.log_change(request, statement, f"Status set to {status}")
        self.message_user(request, f"{len(chosen)} statements {done}.")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A Telegram export (result.json, messages.html), a saved "
        "t.me/s page, a web-preview scrape, JSON Lines or CSV."
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        help_text="Leave empty to take the channel from the file (or name one after it).",
    )
    format = forms.ChoiceField(
        choices=[("auto", "Detect from the content"), *[(name, name) for name in FORMATS]]
    )
    timezone = forms.CharField(
        initial="UTC",
        help_text="For times the file gives without a zone (old Telegram exports): "
        "e.g. Europe/Moscow.",
    )

    def clean_timezone(self):
        name = self.cleaned_data["timezone"].strip()
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            raise forms.ValidationError(f"Unknown time zone {name!r}.") from None
        return name


@admin.register(StatementToReview)
class ReviewQueueAdmin(StatementAdmin):
    """Statements imported as New, oldest first: check, correct, then publish or hide
    (select with the keyboard: the checkboxes, then the action and Go)."""

    list_display = ["short_title", "source", "kind", "published_at", "language", "created_at"]
    list_filter = ["source", "kind", "language"]
    date_hierarchy = None
    ordering = ["created_at", "pk"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Statement.Status.NEW)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "format",
        "source",
        "status",
        "progress",
        "created",
        "updated",
        "unchanged",
        "duplicates",
        "skipped",
        "failed",
    ]
    list_filter = ["status", "format", "source"]
    date_hierarchy = "started_at"
    readonly_fields = ["error_list"]
    change_list_template = "admin/statements/importrun/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="statements_importrun_upload",
            ),
            path(
                "<int:pk>/errors.txt",
                self.admin_site.admin_view(self.errors_view),
                name="statements_importrun_errors",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Errors")
    def error_list(self, run):
        if not run.errors:
            return "None"
        url = reverse("admin:statements_importrun_errors", args=[run.pk])
        return format_html(
            "<pre style='white-space:pre-wrap;max-height:24rem;overflow:auto'>{}</pre>"
            "<a href='{}'>Download all {} as text</a>",
            "\n".join(run.errors[:200]),
            url,
            len(run.errors),
        )

    def errors_view(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        response = HttpResponse(
            "\n".join(run.errors) + "\n", content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.txt"'
        return response

    def upload_view(self, request):
        if not request.user.has_perm("statements.add_statement"):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            inline = upload.size <= settings.IMPORT_INLINE_MAX_BYTES
            run = queue_upload(
                upload,
                inline=inline,
                source=form.cleaned_data["source"],
                format_name=form.cleaned_data["format"],
                timezone_name=form.cleaned_data["timezone"],
                user=request.user,
            )
            if inline:
                run = run_queued(run)
                level = (
                    messages.SUCCESS if run.status == ImportRun.Status.FINISHED else messages.ERROR
                )
                self.message_user(request, f"{upload.name}: {run.summary}", level)
            else:
                self.message_user(
                    request,
                    f"{upload.name} is queued; the import worker (manage.py import_worker) "
                    "will take it. Its progress shows here.",
                )
            self.log_addition(request, run, f"Imported {upload.name}")
            return redirect("admin:statements_importrun_change", run.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a file",
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/statements/importrun/upload.html", context)
