"""What searches filter, count, facet and rank by: a narrow copy of each statement's
search columns, so reading a big result reads small rows (see SEARCH-NOTES.md: a count of
a word in 30% of a million 4.5 KB statements visits 161,082 pages; these rows are some
fifty times smaller). A database trigger keeps them in step with the statements
(migration 0010): every write, whatever makes it (the ORM, COPY, SQL by hand), is seen.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from statements.models.archive import Source, Statement
from statements.querysets import StatementQuerySet


class SearchRow(models.Model):
    """A statement as searches see it. Its vector is the statement's own, moved out of the
    row (TOAST), so a page holds about a hundred rows; `head_vector` is the title and names
    part of it (ts_filter to weights A and B), small enough to stay in the row."""

    statement = models.OneToOneField(
        Statement,
        primary_key=True,
        db_column="id",
        on_delete=models.DO_NOTHING,  # the trigger deletes the row with its statement
        db_constraint=False,
        related_name="search_row",
    )
    status = models.CharField(max_length=20)
    duplicate_of = models.ForeignKey(
        Statement,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    sort_date = models.DateTimeField(null=True)
    kind = models.CharField(max_length=20)
    source = models.ForeignKey(
        Source, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    language = models.CharField(max_length=8)
    search_vector = SearchVectorField()
    head_vector = SearchVectorField()

    objects = StatementQuerySet.as_manager()

    class Meta:
        indexes = [
            GinIndex(fields=["search_vector"], name="search_row_gin"),
            GinIndex(fields=["head_vector"], name="search_row_head_gin"),
            models.Index(
                models.F("sort_date").desc(nulls_last=True),
                models.F("statement").desc(),
                name="search_row_date_idx",
            ),
            models.Index(
                models.F("sort_date").asc(nulls_last=True),
                models.F("statement").asc(),
                name="search_row_date_asc_idx",
            ),
        ]

    def __str__(self):
        return f"Search row of statement {self.pk}"
