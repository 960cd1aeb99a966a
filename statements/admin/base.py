"""What the archive's admin pages share: the context of its own pages, list pages whose
counts are exact where an editor acts on them, plain page titles, the year filter, and
statement counts beside linked rows."""

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Func, OuterRef, Subquery
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.text import capfirst

from statements.models import LINK_MODELS, ImportRun, Source, Statement
from statements.search.results import estimated_count, round_estimate
from statements.search.timeline import first_and_last_dates
from statements.text.normalize import unix_newlines


class TextareaField(forms.CharField):
    """A textarea's text with the archive's line breaks: browsers submit CRLF, and a save
    that changed nothing else must not change (and record a revision of) the text."""

    def to_python(self, value):
        return unix_newlines(super().to_python(value))


# The form fields of the archive's admin forms: links typed without a scheme are https
# (Django 6's default, chosen now); texts keep their line breaks as stored.
FORM_FIELDS = {
    models.URLField: {"assume_scheme": "https"},
    models.TextField: {"form_class": TextareaField, "widget": AdminTextareaWidget},
}


def page_context(
    model_admin: admin.ModelAdmin, request: HttpRequest, title: str, **extra: Any
) -> dict[str, Any]:
    """The context of one of the archive's own admin pages (a form, a comparison): the
    site's, the page title and the model's options its breadcrumbs link through."""
    return {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        **extra,
    }


def user_name(field: str, description: str):
    """A read-only field or column that names the user in `field` without linking to their
    account (Django links a read-only foreign key): editors may not open user accounts, so
    the link would answer 403."""

    @admin.display(description=description)
    def shown(model_admin, obj) -> str:
        return str(getattr(obj, field) or "—")

    return shown


def ids_count(field: str) -> models.Func:
    """How many ids an array column holds, counted in the database: lists annotate it and
    defer the array itself, which may hold a million ids."""
    return models.Func(field, function="cardinality", output_field=models.IntegerField())


class YearFilter(admin.SimpleListFilter):
    """By year (a date hierarchy would read the dates of every matching row to list
    them; the years here come from the two ends of the date index)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = first_and_last_dates(Statement.objects.all())
        if span["first"] is None:
            return []
        years = range(span["last"].year, span["first"].year - 1, -1)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit() or not 1 <= int(self.value()) <= 9998:
            return queryset
        year = int(self.value())
        return queryset.dated_between(date(year, 1, 1), date(year, 12, 31))


class PendingFirstStatusFilter(admin.SimpleListFilter):
    """By status: the rows still to decide on ("pending"), unless another status or All is
    chosen. For a model with a Status of choices that has PENDING."""

    title = "status"
    parameter_name = "status"

    def __init__(self, request, params, model, model_admin):
        self.pending = model.Status.PENDING
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [*model_admin.model.Status.choices, ("all", "All")]

    def choices(self, changelist):
        current = self.value() or self.pending
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.pending
        return queryset if value == "all" else queryset.filter(status=value)


class ListPaginator(Paginator):
    """The count of a list an editor acts on (its pages, "Select all"): exact whenever the
    list is narrowed (searched, filtered, the review queue). Only the whole table beyond
    the exact cap is the planner's estimate, with `count_is_estimate` set so the page says
    "about"; counting a million rows for every look at the unfiltered list would be slow."""

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        if self.object_list.query.has_filters():
            return self.object_list.count(), True
        return estimated_count(self.object_list)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_is_estimate(self) -> bool:
        return not self._counted[1]

    @property
    def count_label(self) -> str:
        """The count as an editor reads it: "6,010", or "about 1,000,000"."""
        if self.count_is_estimate:
            return f"about {round_estimate(self.count):,}"
        return f"{self.count:,}"


class PlainTitles:
    """Page titles in an editor's words: "Statements to review", not Django's "Select
    statement to review to change"."""

    def changelist_view(self, request, extra_context=None):
        title = capfirst(self.opts.verbose_name_plural)
        return super().changelist_view(request, {"title": title, **(extra_context or {})})


class StatementCountMixin:
    """A sortable column of how many statements link to each row: counted for the rows
    shown (one index count each), not for every row of the table before paging."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        model = queryset.model
        if model is Source:  # a few rows: one pass over the statements counts them all
            return queryset.with_statement_counts(published_only=False).order_by("name")
        linked = LINK_MODELS[model._meta.model_name].objects.filter(
            **{f"{model._meta.model_name}": OuterRef("pk")}
        )
        count = linked.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        return queryset.annotate(statement_count=Subquery(count)).order_by("name")

    @admin.display(ordering="statement_count", description="Statements")
    def statement_count(self, obj):
        return obj.statement_count


class ImportRunFilter(admin.SimpleListFilter):
    """The statements an import run created (its page links here): shown only while chosen,
    so the list says what narrows it, and never lists every run there has been."""

    title = "import run"
    parameter_name = "import_run"

    def lookups(self, request, model_admin):
        number = _number(self.value())
        run = ImportRun.objects.filter(pk=number).first() if number is not None else None
        return [(str(run.pk), str(run))] if run else []

    def queryset(self, request, queryset):
        number = _number(self.value())
        return queryset if number is None else queryset.filter(import_run=number)


class DeletedAtSourceFilter(admin.SimpleListFilter):
    """The posts a sync found deleted at the source (kept in the archive), or the others."""

    title = "at the source"
    parameter_name = "deleted_at_source"

    def lookups(self, request, model_admin):
        return [("yes", "Deleted at the source"), ("no", "Still at the source")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        return queryset.deleted_at_source(self.value() == "yes")


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None
