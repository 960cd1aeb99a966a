"""Statements: the list (full-text search, year filter, bulk corrections), the change
page with the other appearances of a post and its history, versions compared and restored,
and the review queue of statements imported as New."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.html import format_html
from django.utils.text import Truncator

from statements.admin.base import (
    FORM_FIELDS,
    DeletedAtSourceFilter,
    ImportRunFilter,
    ListPaginator,
    PlainTitles,
    YearFilter,
    page_context,
)
from statements.admin.corrections import BulkCorrectionActions
from statements.admin.statement_inlines import AppearanceInline, ParticipantInline, RevisionInline
from statements.curation import revisions
from statements.filters import StatementFilter, search_notes
from statements.models import (
    SearchRow,
    Statement,
    StatementToReview,
)
from statements.search.results import SEARCH_PLANNER, planner_settings
from statements.search.totals import archive_changed

# The review queue's order: oldest first.
REVIEW_ORDER = ["created_at", "pk"]
# The review queue's excerpt of each statement's text, in characters.
EXCERPT_LENGTH = 220
# The review buttons of a New statement's page (admin/statements/statement/submit_line.html).
PUBLISH_BUTTON = "_publish"
NEXT_BUTTON = "_next"


# The note of the revisions of copies moved on when their canonical statement is deleted.
COPY_PROMOTED = "the statement it repeated was deleted"


class StatementChangeForm(forms.ModelForm):
    """The change form remembers which version of the statement it was based on: a save
    based on an older one than the archive has is refused, with what changed meanwhile,
    so that one editor's save never silently reverts another's."""

    based_on = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(
        required=False,
        max_length=200,
        help_text="Why you changed it (needed when you hide it): kept in its history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["based_on"].initial = revisions.applied_count(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        if self.hides() and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why it is hidden: the reason is kept in its history.")
        # Inside the admin's transaction: a second save waits here until the first is in.
        Statement.objects.select_for_update().filter(pk=self.instance.pk).exists()
        current = revisions.applied_count(self.instance.pk)
        based_on = cleaned.get("based_on")
        if based_on is None or based_on == current:
            return cleaned
        meanwhile = revisions.changes_since(self.instance, based_on)
        # Saving again, with the other change in view, saves the form as it then is.
        self.data = self.data.copy()
        self.data[self.add_prefix("based_on")] = current
        raise forms.ValidationError(changed_meanwhile_messages(meanwhile))

    def hides(self) -> bool:
        """Whether this save hides a statement that was not hidden."""
        return (
            "status" in self.changed_data
            and self.cleaned_data.get("status") == Statement.Status.HIDDEN
        )


def changed_meanwhile_messages(meanwhile: revisions.ChangeMeanwhile | None) -> list[str]:
    """The refusal of a stale save: who changed what, when, and the values then and now."""
    lines = [
        "Not saved: this statement was changed after you opened it. Your changes are "
        "still in the form; compare them with the change below, then save again to keep yours."
    ]
    for revision in meanwhile.revisions if meanwhile else []:
        lines.append(
            f"{revision.created_at:%Y-%m-%d %H:%M} UTC, {revisions.author(revision)}: "
            f"{revision.note or 'imported a new version'}."
        )
    for difference in meanwhile.differences if meanwhile else []:
        older = Truncator(_shown(difference.older)).chars(200)
        newer = Truncator(_shown(difference.newer)).chars(200)
        lines.append(f"{difference.name}: was “{older}”, now “{newer}”.")
    return lines


def _shown(value) -> str:
    return "—" if value in (None, "", []) else str(value)


@admin.register(Statement)
class StatementAdmin(PlainTitles, BulkCorrectionActions, admin.ModelAdmin):
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
        DeletedAtSourceFilter,
        ImportRunFilter,
    ]
    list_select_related = ["source"]
    search_fields = ["title"]  # replaced by full-text search below
    search_help_text = (
        'The archive\'s search: words, "phrases", OR, -exclude, prefix*, and person:, tag:, '
        "kind:, lang:, source:, date: (as on the site, over every status)"
    )
    formfield_overrides = FORM_FIELDS
    autocomplete_fields = ["hashtags"]
    raw_id_fields = ["duplicate_of"]
    readonly_fields = [
        "content_hash",
        "raw_record",
        "deleted_at_source",
        "created_at",
        "updated_at",
    ]
    inlines = [ParticipantInline, AppearanceInline, RevisionInline]
    form = StatementChangeForm
    fieldsets = [
        (None, {"fields": ["title", "text", "status", "reason", "based_on"]}),
        (
            "What and when",
            {"fields": ["kind", "event_date", "event_date_text", "location", "language"]},
        ),
        ("Hashtags", {"fields": ["hashtags"]}),
        (
            "Source",
            {
                "fields": [
                    "source",
                    "source_message_id",
                    "source_url",
                    "deleted_at_source",
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
    actions = BulkCorrectionActions.correction_actions
    paginator = ListPaginator
    show_full_result_count = False

    def changelist_view(self, request, extra_context=None):
        """A searched list (its page, its count, "Select all" and the action it confirms) is
        read through the full-text index, as the site's searches are (SEARCH_PLANNER): the
        planner would otherwise scan every statement to count a common word's matches
        (at a million statements 0.6 s instead of 7 for 300,000 of them)."""
        if not request.GET.get(SEARCH_VAR):
            return super().changelist_view(request, extra_context)
        with planner_settings(**SEARCH_PLANNER):
            return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """The site's search (the search box of /statements/, its query language and
        notes) over statements of any status; its notes shown as messages."""
        if not search_term:
            return queryset, False
        # Matched on the narrow search rows, as the site does (every status is there):
        # reading the statements' own vectors to count 300,000 matches takes seconds.
        search = StatementFilter({"q": search_term}, queryset=SearchRow.objects.all())
        if not search.is_valid():
            errors = "; ".join(
                message for messages_ in search.errors.values() for message in messages_
            )
            self.show_once(request, f"The search was not understood: {errors}", messages.ERROR)
            return queryset.none(), False
        rows = search.qs.order_by()
        for note in search_notes(search, nothing_found=not rows.exists()):
            self.show_once(request, note, messages.INFO)
        return queryset.filter(pk__in=rows.values("pk")), False

    def show_once(self, request, message: str, level: int) -> None:
        """A message the list's page shows once, however often Django reads the list (an
        action reads it again)."""
        shown = request.__dict__.setdefault("_archive_messages_shown", set())
        if message not in shown:
            shown.add(message)
            self.message_user(request, message, level)

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
        form.instance.refresh_names_text()
        if change:
            reason = form.cleaned_data.get("reason", "").strip()
            revisions.record_edit(form.instance, form.values_before, request.user, reason=reason)
        archive_changed()

    def delete_model(self, request, obj):
        self.delete_queryset(request, Statement.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Deleting a post's canonical statement makes one of its copies canonical: each
        copy whose link moves has a revision."""
        copies = Statement.objects.filter(duplicate_of__in=queryset).values_list("pk", flat=True)
        with revisions.changes_recorded(list(copies), request.user, COPY_PROMOTED):
            super().delete_queryset(request, queryset)
        archive_changed()

    # Review: "Save and publish", "Save and next" on a New statement's page ------------

    def save_form(self, request, form, change):
        """ "Save and publish" saves the editor's changes with the statement published (one
        revision holds both)."""
        statement = super().save_form(request, form, change)
        if PUBLISH_BUTTON in request.POST:
            statement.status = Statement.Status.PUBLISHED
        return statement

    def response_change(self, request, obj):
        """After "Save and publish" or "Save and next": the next statement of the review
        queue, or the queue itself when it is empty."""
        if PUBLISH_BUTTON not in request.POST and NEXT_BUTTON not in request.POST:
            return super().response_change(request, obj)
        done = "published" if PUBLISH_BUTTON in request.POST else "saved"
        self.message_user(request, format_html("“{}” {}.", obj, done), messages.SUCCESS)
        following = next_to_review(obj)
        if following is None:
            self.message_user(request, "Nothing else waits for review.")
            return redirect("admin:statements_statementtoreview_changelist")
        return redirect("admin:statements_statementtoreview_change", following.pk)

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
        context = page_context(
            self,
            request,
            f"Versions of “{statement}”",
            statement=statement,
            versions=found,
            older=older,
            newer=newer,
            differences=revisions.differences(older.values, newer.values),
            can_restore=self.has_change_permission(request, statement),
        )
        return render(request, "admin/statements/statement/versions.html", context)

    def restore(self, request, statement, by_number):
        """The whole of an earlier version, or one field of it (`field`)."""
        if not self.has_change_permission(request, statement):
            raise PermissionDenied
        version = by_number.get(_int(request.POST.get("version")))
        field = request.POST.get("field") or None
        if version is None or version.revision is None:
            self.message_user(request, "Choose an earlier version to restore.", messages.ERROR)
        elif field is not None and (field not in version.values or field in revisions.SET_BY_SYNC):
            self.message_user(request, "Choose a field of that version.", messages.ERROR)
        else:
            fields = None if field is None else [field]
            revision = revisions.restore(statement, version, request.user, fields)
            message = revision.note if revision else "Those values are the current ones."
            message = message[:1].upper() + message[1:]
            self.log_change(request, statement, message)
            self.message_user(request, message)
        return redirect("admin:statements_statement_versions", statement.pk)


def next_to_review(after: Statement) -> Statement | None:
    """The statement the review queue lists after this one (from its start again at its
    end), never this one."""
    queue = Statement.objects.filter(status=Statement.Status.NEW).exclude(pk=after.pk)
    queue = queue.order_by(*REVIEW_ORDER)
    later = Q(created_at__gt=after.created_at) | Q(created_at=after.created_at, pk__gt=after.pk)
    return queue.filter(later).first() or queue.first()


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@admin.register(StatementToReview)
class ReviewQueueAdmin(StatementAdmin):
    """Statements imported as New, oldest first: check, correct, then publish or hide
    (select with the keyboard: the checkboxes, then the action and Go)."""

    # Few columns, so that all fit beside the sidebars; the language is a filter.
    list_display = ["short_title", "excerpt", "source", "kind", "published_at"]
    list_filter = ["source", "kind", "language"]
    date_hierarchy = None
    ordering = REVIEW_ORDER
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Statement.Status.NEW)

    @admin.display(description="Text")
    def excerpt(self, statement):
        """The start of the text, enough to judge most statements without opening them."""
        return Truncator(" ".join(statement.text.split())).chars(EXCERPT_LENGTH)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {"title": "Review a statement", **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)
