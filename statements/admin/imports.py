"""Import runs: the upload of a file to preview or import (at once when small, else queued
for the worker), each run's report (what it did, or for a preview would do), its errors as
text, undoing a run, and deciding a re-import's conflicts with an editor's changes.

Every view checks a permission of the import run model: viewing for the report and its
errors, adding for uploading (a preview too), changing for undoing. Deciding a conflict
changes a statement, and checks that."""

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from statements.admin.base import PlainTitles, page_context, user_name
from statements.curation.conflicts import accept_source_value, find_conflict
from statements.importers.registry import FORMATS
from statements.importers.undo import CannotUndo, undo_run
from statements.models import ImportRun, Source, Statement
from statements.worker import CannotRequeue, mark_abandoned_runs, queue_upload, requeue, run_queued


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        help_text="A Telegram export (result.json, messages.html), a saved "
        "t.me/s page, a web-preview scrape, JSON Lines or CSV."
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        help_text="Leave empty to take the channel from the file, or (when the file names "
        "none) a source named after the file. A source the import creates needs review: its "
        "statements wait as New. Preview first to see whether one would be created.",
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


@admin.register(ImportRun)
class ImportRunAdmin(PlainTitles, admin.ModelAdmin):
    list_display = [
        "started_at",
        "kind_of_run",
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
    list_filter = ["status", "dry_run", "format", "source"]
    date_hierarchy = "started_at"
    fields = [
        "kind_of_run",
        "status",
        "path",
        "format",
        "timezone",
        "source",
        "requested_by_name",
        "started_at",
        "finished_at",
        "progress",
        ("created", "updated", "unchanged", "duplicates", "skipped", "failed"),
        "new_sources",
        "its_statements",
        "undone",
        "error_list",
    ]
    readonly_fields = ["kind_of_run", "started_at", "new_sources", "its_statements", "undone"]
    readonly_fields += ["error_list", "requested_by_name"]
    requested_by_name = user_name("requested_by", "Requested by")
    change_list_template = "admin/statements/importrun/change_list.html"
    actions = ["requeue_runs"]
    change_form_template = "admin/statements/importrun/change_form.html"

    def has_add_permission(self, request):
        return False  # runs come from uploads (may_import), never from a form

    def has_change_permission(self, request, obj=None):
        return False  # a run's report is what happened; undoing is its own view

    def may_import(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")

    def may_undo(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    def has_requeue_permission(self, request) -> bool:
        return self.may_undo(request)  # change_importrun, as undoing

    def changelist_view(self, request, extra_context=None):
        for run in mark_abandoned_runs():  # a killed worker's runs say so where runs are listed
            self.message_user(request, f"{run}: {run.errors[-1]}", messages.WARNING)
        return super().changelist_view(request, extra_context)

    @admin.action(permissions=["requeue"], description="Re-queue interrupted imports")
    def requeue_runs(self, request, queryset):
        for run in queryset:
            try:
                requeue(run)
            except CannotRequeue as exc:
                self.message_user(request, f"Not re-queued: {exc}.", messages.ERROR)
            else:
                self.message_user(request, f"{run} is queued again; the worker will import it.")

    def get_urls(self):
        views = [
            ("upload/", self.upload_view, "upload"),
            ("<int:pk>/errors.txt", self.errors_view, "errors"),
            ("<int:pk>/import/", self.import_previewed_view, "import"),
            ("<int:pk>/undo/", self.undo_view, "undo"),
            ("conflict/<int:revision_pk>/<str:field>/", self.conflict_view, "conflict"),
        ]
        return [
            *(
                path(route, self.admin_site.admin_view(view), name=f"statements_importrun_{name}")
                for route, view, name in views
            ),
            *super().get_urls(),
        ]

    # The report ----------------------------------------------------------------------

    @admin.display(description="Run")
    def kind_of_run(self, run):
        if run.dry_run:
            return "Preview (nothing written)"
        return f"Import, undone {run.undone_at:%Y-%m-%d %H:%M}" if run.undone_at else "Import"

    @admin.display(description="New sources")
    def new_sources(self, run):
        created = run.outcome.get("new_sources", [])
        if not created:
            return "None"
        verb = "would be created" if run.dry_run else "created"
        return format_html_join(
            "\n",
            "<p>{} ({}) {}{}</p>",
            (
                (
                    s["name"],
                    s["slug"],
                    verb,
                    "; its statements wait for review as New" if s["needs_review"] else "",
                )
                for s in created
            ),
        )

    @admin.display(description="Its statements")
    def its_statements(self, run):
        if run.dry_run:
            return "None: a preview writes nothing."
        url = reverse("admin:statements_statement_changelist")
        return format_html(
            "<a href='{}?import_run={}'>The {} statements it created</a>",
            url,
            run.pk,
            run.created + run.duplicates,
        )

    @admin.display(description="Undone")
    def undone(self, run):
        if not run.undone_at:
            return "No"
        return f"{run.undone_at:%Y-%m-%d %H:%M} by {run.undone_by or 'someone since removed'}"

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        extra = {
            "run": run,
            "may_import": self.may_import(request),
            "may_undo": self.may_undo(request),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def errors_view(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        response = HttpResponse(
            "\n".join(run.errors) + "\n", content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.txt"'
        return response

    # Uploading, previewing, importing ------------------------------------------------

    def upload_view(self, request):
        if not self.may_import(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            run = self.start(
                request,
                data["file"],
                original_name=data["file"].name,
                source=data["source"],
                format_name=data["format"],
                timezone_name=data["timezone"],
                dry_run="_preview" in request.POST,
            )
            return redirect("admin:statements_importrun_change", run.pk)
        context = page_context(self, request, "Import a file", form=form)
        return render(request, "admin/statements/importrun/upload.html", context)

    def import_previewed_view(self, request, pk):
        """Import the file a preview read, as the preview read it."""
        if not self.may_import(request):
            raise PermissionDenied
        preview = get_object_or_404(ImportRun, pk=pk, dry_run=True)
        if request.method != "POST":
            return redirect("admin:statements_importrun_change", preview.pk)
        if not preview.upload or not preview.upload.storage.exists(preview.upload.name):
            self.message_user(request, "The previewed file is no longer kept.", messages.ERROR)
            return redirect("admin:statements_importrun_change", preview.pk)
        run = self.start(
            request,
            preview.upload,
            original_name=preview.path,
            source=preview.source if preview.outcome.get("source_chosen") else None,
            format_name=preview.requested_format,
            timezone_name=preview.timezone,
            dry_run=False,
            new_sources_confirmed=True,  # the preview showed them
        )
        return redirect("admin:statements_importrun_change", run.pk)

    def start(self, request, upload, *, original_name: str, dry_run: bool, **options) -> ImportRun:
        """Preview or import a small file at once, queue a big one for the worker; say which."""
        inline = upload.size <= settings.IMPORT_INLINE_MAX_BYTES
        run = queue_upload(
            upload,
            inline=inline,
            original_name=original_name,
            user=request.user,
            dry_run=dry_run,
            **options,
        )
        what = "Preview of" if dry_run else "Import of"
        if inline:
            run = run_queued(run)
            self.report(request, run, original_name)
        else:
            self.message_user(
                request,
                f"{what} {original_name} is queued; the import worker (manage.py import_worker) "
                "will take it. Its progress shows here.",
            )
        self.log_addition(request, run, f"{what} {original_name}")
        return run

    def report(self, request, run: ImportRun, original_name: str) -> None:
        """Say what a run did (or, a preview, would do), warning of each new source."""
        level = messages.SUCCESS if run.status == ImportRun.Status.FINISHED else messages.ERROR
        if run.outcome.get("stopped_for_new_sources"):
            self.message_user(
                request,
                f"Not imported: importing {original_name} creates a new source. "
                "Below is what it would do; import it from here, or upload it again "
                "choosing a source.",
                messages.WARNING,
            )
        elif run.dry_run:
            self.message_user(
                request, f"Preview of {original_name} (nothing written): {run.summary}", level
            )
        else:
            self.message_user(request, f"Import of {original_name}: {run.summary}", level)
        for source in run.outcome.get("new_sources", []):
            verb = "would be created" if run.dry_run else "was created"
            self.message_user(
                request,
                f"A new source “{source['name']}” {verb}; its statements wait for review.",
                messages.WARNING,
            )

    # Undoing, conflicts ----------------------------------------------------------------

    def undo_view(self, request, pk):
        if not self.may_undo(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        if request.method == "POST":
            try:
                undone = undo_run(run, request.user)
            except CannotUndo as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                message = f"Import run {run.pk} undone: {undone.summary}."
                self.log_change(request, run, message)
                self.message_user(request, message)
        return redirect("admin:statements_importrun_change", run.pk)

    def conflict_view(self, request, revision_pk, field):
        """Take the source's value of a field an import left to an editor (POST only)."""
        if not request.user.has_perm("statements.change_statement"):
            raise PermissionDenied
        statement = get_object_or_404(Statement, revisions__pk=revision_pk)
        versions = reverse("admin:statements_statement_versions", args=[statement.pk])
        if request.method != "POST":
            return redirect(versions)
        conflict = find_conflict(statement, revision_pk, field)
        if conflict is None:
            self.message_user(request, "That conflict is decided already.", messages.WARNING)
            return redirect(versions)
        revision = accept_source_value(
            conflict, request.user, give_back=request.POST.get("decision") == "give_back"
        )
        note = revision.note if revision else f"{field} is already the source's value"
        self.message_user(request, note.capitalize())
        return redirect(versions)
