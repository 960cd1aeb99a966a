"""Import runs: the upload of a file to import (at once when small, else queued for the
worker), each run's report and its errors as text."""

from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from statements.admin.base import page_context
from statements.importers.registry import FORMATS
from statements.models import ImportRun, Source
from statements.worker import queue_upload, run_queued


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
            run = self.import_upload(request, form.cleaned_data)
            return redirect("admin:statements_importrun_change", run.pk)
        context = page_context(self, request, "Import a file", form=form)
        return render(request, "admin/statements/importrun/upload.html", context)

    def import_upload(self, request, cleaned_data: dict) -> ImportRun:
        """Import a small upload at once, queue a big one for the worker; say which."""
        upload = cleaned_data["file"]
        inline = upload.size <= settings.IMPORT_INLINE_MAX_BYTES
        run = queue_upload(
            upload,
            inline=inline,
            source=cleaned_data["source"],
            format_name=cleaned_data["format"],
            timezone_name=cleaned_data["timezone"],
            user=request.user,
        )
        if inline:
            run = run_queued(run)
            level = messages.SUCCESS if run.status == ImportRun.Status.FINISHED else messages.ERROR
            self.message_user(request, f"{upload.name}: {run.summary}", level)
        else:
            self.message_user(
                request,
                f"{upload.name} is queued; the import worker (manage.py import_worker) "
                "will take it. Its progress shows here.",
            )
        self.log_addition(request, run, f"Imported {upload.name}")
        return run
