import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Func, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator

from statements import revisions
from statements.corrections import request_correction
from statements.importers.registry import FORMATS
from statements.imports import queue_upload, run_queued
from statements.models import (
    BulkCorrection,
    Hashtag,
    ImportRun,
    Kind,
    Participant,
    ParticipantMerge,
    Source,
    Statement,
    StatementRevision,
    StatementToReview,
)
from statements.participants import (
    MergeRefused,
    merge_participants,
    participant_changed,
    undo_merge,
)
from statements.search import estimated_count

# Links typed without a scheme are https (Django 6's default, chosen now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class StatementCountMixin:
    """A sortable column of how many statements link to each row: counted for the rows
    shown (one index count each), not for every row of the table before paging."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        model = queryset.model
        if model is Source:  # a few rows: one pass over the statements counts them all
            return queryset.with_statement_counts(published_only=False).order_by("name")
        field = {Participant: "participants", Hashtag: "hashtags"}[model]
        through = Statement._meta.get_field(field).remote_field.through
        linked = through.objects.filter(**{f"{model._meta.model_name}": OuterRef("pk")})
        count = linked.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        return queryset.annotate(statement_count=Subquery(count)).order_by("name")

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

    actions = ["merge"]

    @admin.action(description="Merge selected participants…", permissions=["change"])
    def merge(self, request, queryset):
        """Fold the selected participants into the one the editor keeps."""
        chosen = list(queryset.order_by("name"))
        if len(chosen) < 2:
            self.message_user(request, "Select two or more participants to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, choices=chosen)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": "Merge participants",
                "opts": self.opts,
                "form": form,
                "selected": [p.pk for p in chosen],
            }
            return render(request, "admin/statements/participant/merge.html", context)
        survivor = next(p for p in chosen if p.pk == int(form.cleaned_data["survivor"]))
        for merged in chosen:
            if merged.pk != survivor.pk:
                record = merge_participants(survivor, merged, request.user)
                self.log_change(request, survivor, f"Merged {record.merged_name} into it")
        self.message_user(request, f"Merged {len(chosen) - 1} into {survivor}.")
        return None


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (p.pk, f"{p.name} ({', '.join(p.aliases) or 'no aliases'})") for p in choices
        ]


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
            .annotate(
                statement_count=models.Func(
                    "statement_ids", function="cardinality", output_field=models.IntegerField()
                )
            )
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


class RevisionInline(admin.TabularInline):
    """What each change replaced: by an import or an editor, applied or offered."""

    model = StatementRevision
    fields = ["created_at", "changed_by", "import_run", "note", "applied", "replaced_values"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "History (values each change replaced; compare and restore under "
    "“Versions”)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "import_run")

    @admin.display(description="Replaced values")
    def replaced_values(self, revision):
        return format_html(
            "<pre class='archive-pre'>{}</pre>",
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


class YearFilter(admin.SimpleListFilter):
    """By year (a date hierarchy would read the dates of every matching row to list
    them; the years here come from the two ends of the date index)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = Statement.objects.date_span()
        if span["first"] is None:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit() or not 1 <= int(self.value()) <= 9998:
            return queryset
        year = int(self.value())
        start = datetime(year, 1, 1, tzinfo=UTC)
        return queryset.filter(sort_date__gte=start, sort_date__lt=start.replace(year=year + 1))


class EstimatedCountPaginator(Paginator):
    """Exact counts up to a cap, the planner's estimate beyond: no full count of a
    million rows on every list page."""

    @cached_property
    def count(self):
        return estimated_count(self.object_list)[0]


class KindForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)


def link_choice_form(relation: str, model):
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
        YearFilter,
        "kind",
        "language",
        "source",
        ("duplicate_of", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["source"]
    search_fields = ["title"]  # replaced by full-text search below
    search_help_text = 'Full-text search: words, "phrases", OR, -exclude, prefix*'
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
    actions = [
        "publish",
        "hide",
        "set_kind",
        "add_participant",
        "remove_participant",
        "add_hashtag",
        "remove_hashtag",
        "reenrich",
    ]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False

    @admin.display(description="Title", ordering="title")
    def short_title(self, statement):
        return Truncator(statement.title).chars(90) or f"Statement {statement.pk}"

    @admin.display(description="Raw source record")
    def raw_record(self, statement):
        return format_html(
            "<pre class='archive-pre'>{}</pre>",
            json.dumps(statement.raw, ensure_ascii=False, indent=2),
        )

    def save_model(self, request, obj, form, change):
        if change:
            form.values_before = revisions.snapshot(Statement.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_links_text()
        if change:
            revisions.record_edit(form.instance, form.values_before, request.user)

    # History: versions, differences, restoring ---------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/versions/",
                self.admin_site.admin_view(self.versions_view),
                name="{}_{}_versions".format(*info),
            ),
            *super().get_urls(),
        ]

    def versions_view(self, request, pk):
        statement = get_object_or_404(Statement, pk=pk)
        if not self.has_view_permission(request, statement):
            raise PermissionDenied
        found = revisions.versions(statement)
        by_number = {version.number: version for version in found}
        if request.method == "POST":
            return self.restore(request, statement, by_number)
        older = by_number.get(_int(request.GET.get("older")), found[-1])
        newer = by_number.get(_int(request.GET.get("newer")), found[0])
        context = {
            **self.admin_site.each_context(request),
            "title": f"Versions of “{statement}”",
            "opts": self.opts,
            "statement": statement,
            "versions": found,
            "older": older,
            "newer": newer,
            "differences": revisions.differences(older.values, newer.values),
            "can_restore": self.has_change_permission(request, statement),
        }
        return render(request, "admin/statements/statement/versions.html", context)

    def restore(self, request, statement, by_number):
        if not self.has_change_permission(request, statement):
            raise PermissionDenied
        version = by_number.get(_int(request.POST.get("version")))
        if version is None or version.revision is None:
            self.message_user(request, "Choose an earlier version to restore.", messages.ERROR)
        else:
            revision = revisions.restore(statement, version, request.user)
            message = revision.note if revision else "That version is the current one."
            self.log_change(request, statement, message.capitalize())
            self.message_user(request, message.capitalize())
        return redirect("admin:statements_statement_versions", statement.pk)

    # Bulk corrections --------------------------------------------------------------------

    @admin.action(description="Publish selected statements", permissions=["change"])
    def publish(self, request, queryset):
        return self.correct(request, queryset, BulkCorrection.Action.PUBLISH)

    @admin.action(description="Hide selected statements", permissions=["change"])
    def hide(self, request, queryset):
        return self.correct(request, queryset, BulkCorrection.Action.HIDE)

    @admin.action(description="Re-run enrichment on selected statements", permissions=["change"])
    def reenrich(self, request, queryset):
        return self.correct(request, queryset, BulkCorrection.Action.REENRICH)

    @admin.action(description="Set the kind of selected statements…", permissions=["change"])
    def set_kind(self, request, queryset):
        return self.correct_with(request, queryset, BulkCorrection.Action.SET_KIND, KindForm)

    @admin.action(description="Add a participant to selected statements…", permissions=["change"])
    def add_participant(self, request, queryset):
        action = BulkCorrection.Action.ADD_PARTICIPANT
        return self.correct_with(request, queryset, action, ParticipantChoiceForm)

    @admin.action(
        description="Remove a participant from selected statements…", permissions=["change"]
    )
    def remove_participant(self, request, queryset):
        action = BulkCorrection.Action.REMOVE_PARTICIPANT
        return self.correct_with(request, queryset, action, ParticipantChoiceForm)

    @admin.action(description="Add a hashtag to selected statements…", permissions=["change"])
    def add_hashtag(self, request, queryset):
        action = BulkCorrection.Action.ADD_HASHTAG
        return self.correct_with(request, queryset, action, HashtagChoiceForm)

    @admin.action(description="Remove a hashtag from selected statements…", permissions=["change"])
    def remove_hashtag(self, request, queryset):
        action = BulkCorrection.Action.REMOVE_HASHTAG
        return self.correct_with(request, queryset, action, HashtagChoiceForm)

    def correct_with(self, request, queryset, action, form_class):
        """An action that needs a value: first a page asking for it, then the correction."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            value = next(iter(form.cleaned_data.values()))
            return self.correct(request, queryset, action, getattr(value, "pk", value))
        context = {
            **self.admin_site.each_context(request),
            "title": BulkCorrection.Action(action).label,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "count": estimated_count(queryset)[0],
        }
        return render(request, "admin/statements/statement/correction.html", context)

    def correct(self, request, queryset, action, argument=""):
        """Apply a correction to the selection (all of a filtered list with "select all"):
        at once when small, else in the worker; each change is a revision."""
        chosen = list(queryset.values_list("pk", flat=True))
        correction = request_correction(action, chosen, request.user, argument)
        self.log_addition(request, correction, str(correction))
        link = reverse("admin:statements_bulkcorrection_change", args=[correction.pk])
        if correction.status == BulkCorrection.Status.FINISHED:
            LogEntry.objects.log_actions(
                request.user.pk,
                Statement.objects.filter(pk__in=chosen),
                CHANGE,
                change_message=f"{correction.get_action_display()} (bulk correction "
                f"{correction.pk})",
                single_object=False,
            )
            self.message_user(
                request,
                format_html(
                    "{}: {} of {} statements changed. <a href='{}'>Details</a>",
                    correction.get_action_display(),
                    correction.changed,
                    correction.total,
                    link,
                ),
            )
        elif correction.status == BulkCorrection.Status.FAILED:
            self.message_user(request, f"Failed: {correction.message}", messages.ERROR)
        else:
            self.message_user(
                request,
                format_html(
                    "{} statements: the correction is queued for the worker. "
                    "<a href='{}'>Follow its progress</a>",
                    correction.total,
                    link,
                ),
            )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
        # The list does not need every id of a correction of a million statements.
        queryset = super().get_queryset(request)
        return queryset.defer("statement_ids").annotate(
            statement_count=models.Func(
                "statement_ids", function="cardinality", output_field=models.IntegerField()
            )
        )

    @admin.display(description="Progress")
    def progress(self, correction):
        total = correction.statement_count
        return f"{correction.done:,} of {total:,} done, {correction.changed:,} changed"


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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is larger than {limit:,} bytes, the most an upload may be; "
                "import it on the server with manage.py import_statements."
            )
        return upload

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
            "<pre class='archive-pre scroll'>{}</pre><a href='{}'>Download all {} as text</a>",
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


from statements import admin_duplicates, admin_suggestions  # noqa: E402,F401
