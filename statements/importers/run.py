"""An import run: files and folders in, counts out.

- Each file is imported in one transaction: a file that turns out unreadable
  (truncated, not the format) writes nothing, and its counts are not kept.
- A bad record inside a good file is reported with its position and skipped.
- A statement is identified by (source, message id), else (source, external id),
  else (source, text hash). The same record again changes nothing, even where an
  editor has since corrected the statement. A record the source changed (an
  edited post in a new export) updates the statement; the values it replaces are
  kept as a revision.
- A new post whose words match an archived statement (a forward, a repost, a
  scrape and an export of the same post) is kept, linked to that canonical
  statement as another appearance, and counted once in search.
- A dry run (a preview) imports the same way and rolls everything back: what it
  would create, update and skip, and the sources it would create, are kept on the run.
"""

import logging
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from statements.curation.translations import find_translation_pairs
from statements.importers.batches import (
    BatchItem,
    BatchReader,
    Enricher,
    PreparedBatch,
    field_problem,
    storable,
)
from statements.importers.counts import ImportCounts
from statements.importers.handles import infer_missing_handles
from statements.importers.linking import Linker, NameSuggestions
from statements.importers.outcome import add_new_sources, would_do
from statements.importers.records import Record, UnreadableFile
from statements.importers.registry import expand_paths, open_records
from statements.importers.sources import SourceResolver
from statements.importers.writer import StatementWriter
from statements.models import ImportRun, Participant, Source, Statement
from statements.search.totals import archive_changed
from statements.search.words import refresh_words
from statements.text.names import ParticipantMatcher

logger = logging.getLogger(__name__)
ANALYZE_EVERY = 20_000  # rows written between refreshes of the planner's statistics
NOTHING_IMPORTED = "Nothing from this file was imported."

Progress = Callable[[ImportCounts], None]


def import_paths(
    paths: Iterable[Path],
    source_slug: str | None = None,
    format_name: str = "auto",
    timezone_name: str = "UTC",
    progress: Progress | None = None,
    run: ImportRun | None = None,
    *,
    fallback_name: str | None = None,
    new_sources_need_review: bool = False,
    dry_run: bool = False,
) -> ImportRun:
    """Import files and folders; returns the finished run.

    Raises UnreadableFile, before writing anything, when a path cannot be read or
    its format is unknown. A file found unreadable part way through writes
    nothing; the run records why, and the other files are still imported.

    Records that name no channel go to a source named `fallback_name` (else after
    their file). Sources the import creates need review with `new_sources_need_review`.
    A `dry_run` writes nothing but the run, which tells what the import would do.
    """
    zone = _zone(timezone_name)
    files = expand_paths([Path(p) for p in paths])
    opened = [(path, *open_records(path, format_name, zone)) for path in files]
    run = run or ImportRun(path="\n".join(str(path) for path in files))
    run.format = ",".join(sorted({name for _, name, _ in opened}))
    run.timezone = timezone_name
    run.status = ImportRun.Status.RUNNING
    run.save()
    run.dry_run = dry_run
    # A real import commits file by file; a dry run is one transaction, rolled back.
    with transaction.atomic() if dry_run else nullcontext():
        source = None
        if source_slug:
            source, _ = Source.objects.get_or_create(
                slug=source_slug, defaults={"name": source_slug.replace("-", " ").title()}
            )
        for path, _, records in opened:
            import_into_run(
                run,
                records,
                source,
                label=path.name,
                fallback_name=fallback_name or path.stem,
                progress=progress,
                new_sources_need_review=new_sources_need_review,
            )
        if dry_run:
            run.outcome = {**run.outcome, **would_do(run)}
            transaction.set_rollback(True)
    if dry_run and run.source_id and not Source.objects.filter(pk=run.source_id).exists():
        run.source = None  # a source only the preview created
    return finish_run(run)


def import_into_run(
    run: ImportRun,
    records: Iterable[Record],
    source: Source | None = None,
    label: str = "",
    fallback_name: str = "imported",
    progress: Progress | None = None,
    new_sources_need_review: bool = False,
) -> bool:
    """Import one file's records in one transaction; its counts join the run only if it commits.

    Returns False when the file turned out unreadable (nothing from it was written).
    """
    counts = ImportCounts()

    def report(file_counts: ImportCounts) -> None:
        if progress:
            total = ImportCounts.of(run)
            file_counts.add_to(total)
            progress(total)

    try:
        with transaction.atomic():
            file_import = FileImport(
                counts, run, source, label, fallback_name, new_sources_need_review
            )
            file_import.import_all(records, report)
            # A channel whose export named no handle: read it from its posts' own links.
            infer_missing_handles(Source.objects.filter(pk__in=file_import.sources.locked))
    except UnreadableFile as exc:
        run.failed += 1
        run.errors.append(f"{label}: {exc}. {NOTHING_IMPORTED}")
        return False
    except Exception as exc:
        # Whatever else stops a file (a parser meeting markup it does not expect, a value
        # the database refuses): the file's transaction is rolled back; name it, no traceback.
        logger.exception("Import of %s failed", label)
        run.failed += 1
        run.errors.append(
            f"{label}: cannot be read ({type(exc).__name__}: {exc}). {NOTHING_IMPORTED}"
        )
        return False
    counts.add_to(run)
    run.source = run.source or file_import.sources.last_source
    add_new_sources(run, file_import.sources.created)
    return True


def finish_run(run: ImportRun) -> ImportRun:
    failed = any(error.endswith(NOTHING_IMPORTED) for error in run.errors)
    run.status = ImportRun.Status.FAILED if failed else ImportRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.save()
    if not run.dry_run:
        archive_changed()
        if run.created or run.updated:
            refresh_words()
        if run.created:
            pair_translations_of(run)
    return run


def pair_translations_of(run: ImportRun) -> None:
    """The statements the run created, paired with their versions in other languages."""
    first = run.created_statements.order_by("published_at").values_list("published_at", flat=True)
    published_at = first.filter(published_at__isnull=False).first()
    if published_at:
        find_translation_pairs(since=published_at.date())


def record_failed_run(paths: Iterable[Path], format_name: str, message: str) -> ImportRun:
    return ImportRun.objects.create(
        path="\n".join(str(path) for path in paths),
        format=format_name,
        status=ImportRun.Status.FAILED,
        failed=1,
        errors=[message],
        finished_at=timezone.now(),
    )


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        raise UnreadableFile(
            f"unknown time zone {name!r} (use a name like Europe/Moscow)"
        ) from None


class FileImport:
    """One file's records, read in batches and written, counting outcomes on `counts`."""

    def __init__(
        self,
        counts: ImportCounts,
        run: ImportRun,
        source: Source | None,
        label: str,
        fallback_name: str,
        new_sources_need_review: bool = False,
    ):
        self.counts = counts
        self.label = label
        matcher = ParticipantMatcher(Participant.objects.all())
        self.sources = SourceResolver(source, fallback_name, new_sources_need_review)
        self.reader = BatchReader(counts, self.sources, label)
        self.linker = Linker(matcher)
        self.suggestions = NameSuggestions(matcher)
        self.writer = StatementWriter(counts, run, self.linker, self.suggestions)
        self.analyzed_at = 0

    def import_all(self, records: Iterable[Record], progress: Progress) -> None:
        """Batches flow in a pipeline: while the database takes batch N, a second process
        enriches batch N+1 (whose records the archive did not have, as they are)."""
        pending = None
        with Enricher() as enricher:
            for batch in self.reader.batches(records):
                if pending and pending.keys & {self.reader.key_of_id(r) for r in batch}:
                    self.finish(pending)  # the same post twice: write the first one first
                    pending = None
                prepared = self.reader.prepare(batch)
                prepared.future = enricher.submit(prepared.jobs())
                if pending:
                    self.finish(pending)
                    progress(self.counts)
                    self.keep_statistics_fresh()
                pending = prepared
            if pending:
                self.finish(pending)
        if not self.reader.seen:
            raise UnreadableFile("contains no posts")
        if self.counts.failed == self.reader.seen:
            raise UnreadableFile(f"has no record that could be read ({self.counts.errors[-1]})")
        self.keep_statistics_fresh(force=self.counts.created >= ANALYZE_EVERY)
        progress(self.counts)

    def finish(self, prepared: PreparedBatch) -> None:
        """Take the enrichment results, then write; if the database refuses the batch,
        item by item to find the bad one."""
        items = self.enriched_items(prepared)
        undo = self.checkpoint()
        try:
            with transaction.atomic():
                self.writer.write(items)
        except DatabaseError:
            undo()
            for item in items:
                undo = self.checkpoint()
                try:
                    with transaction.atomic():
                        self.writer.write([item])
                except DatabaseError as exc:
                    undo()
                    self.counts.failed += 1
                    self.reader.error(item.record, str(exc).strip().splitlines()[0])

    def enriched_items(self, prepared: PreparedBatch) -> list[BatchItem]:
        """The batch's items with their enrichment, those that failed or are empty counted."""
        items = []
        for item, enrichment in prepared.enrichment():
            fields = enrichment.fields
            problem = enrichment.problem or (fields and field_problem(fields))
            if problem:
                self.counts.failed += 1
                self.reader.error(item.record, problem)
            elif fields is not None and not fields["text"] and not fields["media"]:
                self.counts.skipped += 1
            else:
                if fields is not None:
                    item.fields = {**fields, "raw": storable(item.record.raw)}
                    item.record.folded = enrichment.folded
                    item.record.suggested = enrichment.suggested
                items.append(item)
        return items

    def checkpoint(self) -> Callable[[], None]:
        """A function undoing what a write changes besides the database (for a rolled-back
        batch): counts, hashtags found, suggestions queued."""
        undos = [self.counts.checkpoint(), self.linker.checkpoint(), self.suggestions.checkpoint()]

        def undo() -> None:
            for restore in undos:
                restore()

        return undo

    def keep_statistics_fresh(self, force: bool = False) -> None:
        """ANALYZE as the table grows: with statistics of an emptier table the planner
        reads whole tables where an index finds the few rows a batch looks up."""
        written = self.counts.created + self.counts.duplicates
        if force or written - self.analyzed_at >= ANALYZE_EVERY:
            # Only the columns imports look rows up by: cheap, and searches' own statistics
            # (the search vector's) are left to autovacuum.
            table = connection.ops.quote_name(Statement._meta.db_table)
            columns = "source_id, source_message_id, external_id, content_hash, text_fingerprint"
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {table} ({columns})")
            self.analyzed_at = written
