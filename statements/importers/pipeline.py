"""The one import pipeline: read → parse → normalise → enrich → upsert → record.

Format modules only parse (see records.py). Here every record is enriched,
matched to what the archive has, and written in batches:

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
"""

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from dataclasses import fields as dataclass_fields
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import JSONField, Q
from django.utils import timezone

from statements.curation import revisions
from statements.curation.copies import promote_if_better, same_post
from statements.curation.suggestions import queue_suggestions
from statements.importers import tabular, telegram_html, telegram_json, tme_html, tme_text
from statements.importers.records import (
    BadRecord,
    Channel,
    ParsedRecord,
    SkippedRecord,
    UnreadableFile,
)
from statements.models import (
    Hashtag,
    ImportRun,
    Participant,
    Source,
    Statement,
    StatementRevision,
    unique_slug,
)
from statements.text.fields import enrich_record, enrich_records
from statements.text.names import ParticipantMatcher
from statements.text.normalize import extract_hashtags, fold
from statements.text.suggest import suggest_names, suggestion_key

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
SOURCE_LOCK = 7_301  # advisory lock namespace for "an import is writing into this source"
ANALYZE_EVERY = 20_000  # rows written between refreshes of the planner's statistics
HEAD_BYTES = 8192
# Formats in the order detection tries them; each module has looks_like(head).
FORMATS = {
    "telegram-json": telegram_json,
    "telegram-html": telegram_html,
    "tme-html": tme_html,
    "jsonl": tabular,
    "csv": tabular,
    "tme-text": tme_text,
}


# Reading -------------------------------------------------------------------------------


def read_head(path: Path) -> str:
    """The file's first kilobytes as text, or UnreadableFile saying why not."""
    try:
        with path.open("rb") as file:
            data = file.read(HEAD_BYTES)
    except IsADirectoryError:
        raise UnreadableFile(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise UnreadableFile(f"{path}: is a binary file, not an export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3:  # not just a character cut at the head's end
            raise UnreadableFile(
                f"{path}: is not UTF-8 text (invalid byte at offset {exc.start})"
            ) from None
        return data[: exc.start].decode("utf-8-sig")


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{path}: is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None


def detect_format(path: Path, head: str) -> str:
    if not head.strip():
        raise UnreadableFile(f"{path}: is empty")
    if path.suffix.lower() == ".csv" or tabular.looks_like_csv(head):
        return "csv"
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return "jsonl"
    for name, module in FORMATS.items():
        if name != "csv" and module.looks_like(head):
            return name
    looks = "JSON" if head.lstrip("\ufeff \r\n").startswith(("{", "[")) else "text or HTML"
    raise UnreadableFile(
        f"{path}: is {looks} but not a format the archive can import (Telegram JSON or HTML "
        "export, saved t.me/s page, web-preview scrape, JSON Lines, CSV)"
    )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to import: folders give their files; an HTML export folder stays whole."""
    expanded = []
    for path in paths:
        if path.is_dir() and (path / "messages.html").exists():
            expanded.append(path)
        elif path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if not files:
                raise UnreadableFile(f"{path}: is an empty folder")
            expanded.extend(files)
        else:
            expanded.append(path)
    return expanded


def open_records(path: Path, format_name: str, zone) -> tuple[str, Iterable]:
    """The format, and the file's records: parsed lazily, when the import of this
    file reads them (inside its transaction), never all files up front."""
    if path.is_dir():
        return "telegram-html", _lazy(lambda: telegram_html.parse_folder(path, zone))
    head = read_head(path)
    if format_name == "auto":
        format_name = detect_format(path, head)
    if format_name not in FORMATS:
        raise UnreadableFile(f"{path}: unknown format {format_name!r}")
    if format_name == "telegram-json":
        return format_name, _streamed(path, lambda file: telegram_json.parse(file, zone))
    if format_name in ("jsonl", "csv"):
        return format_name, _text_lines(path, lambda lines: tabular.parse(lines, format_name, zone))
    if format_name == "telegram-html":
        return format_name, _lazy(lambda: telegram_html.parse(read_text_file(path), zone))
    return format_name, _lazy(lambda: FORMATS[format_name].parse(read_text_file(path)))


def _lazy(parse: Callable):
    yield from parse()


def _streamed(path: Path, parse: Callable):
    with path.open("rb") as file:
        yield from parse(file)


def _text_lines(path: Path, parse: Callable):
    """Lines of a UTF-8 file, read as they are needed."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        try:
            yield from parse(file)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                f"is not UTF-8 text (invalid byte {exc.object[exc.start : exc.start + 1]!r})"
            ) from None


# Running an import ---------------------------------------------------------------------


def import_paths(
    paths: Iterable[Path],
    source_slug: str | None = None,
    format_name: str = "auto",
    timezone_name: str = "UTC",
    progress: Callable[[ImportRun], None] | None = None,
    run: ImportRun | None = None,
) -> ImportRun:
    """Import files and folders; returns the finished run.

    Raises UnreadableFile, before writing anything, when a path cannot be read or
    its format is unknown. A file found unreadable part way through writes
    nothing; the run records why, and the other files are still imported.
    """
    zone = _zone(timezone_name)
    files = expand_paths([Path(p) for p in paths])
    opened = [(path, *open_records(path, format_name, zone)) for path in files]
    run = run or ImportRun(path="\n".join(str(path) for path in files))
    run.format = ",".join(sorted({name for _, name, _ in opened}))
    run.timezone = timezone_name
    run.status = ImportRun.Status.RUNNING
    run.save()
    source = None
    if source_slug:
        source, _ = Source.objects.get_or_create(
            slug=source_slug, defaults={"name": source_slug.replace("-", " ").title()}
        )
    for path, _, records in opened:
        import_into_run(
            run, records, source, label=path.name, fallback_name=path.stem, progress=progress
        )
    return finish_run(run)


def import_into_run(run, records, source=None, label="", fallback_name="imported", progress=None):
    """Import one file's records in one transaction; its counts join the run only if it commits.

    Returns False when the file turned out unreadable (nothing from it was written).
    """
    counts = ImportRun()

    def report(file_counts):
        if progress:
            progress(_sum(run, file_counts))

    try:
        with transaction.atomic():
            importer = BatchImporter(counts, run, source, label=label, fallback_name=fallback_name)
            importer.import_all(records, report)
    except UnreadableFile as exc:
        run.failed += 1
        run.errors.append(f"{label}: {exc}. Nothing from this file was imported.")
        return False
    except Exception as exc:
        # Whatever else stops a file (a parser meeting markup it does not expect, a value
        # the database refuses): the file's transaction is rolled back; name it, no traceback.
        logger.exception("Import of %s failed", label)
        run.failed += 1
        run.errors.append(
            f"{label}: cannot be read ({type(exc).__name__}: {exc}). "
            "Nothing from this file was imported."
        )
        return False
    _add(run, counts)
    run.source = run.source or importer.last_source
    return True


def finish_run(run: ImportRun) -> ImportRun:
    run.status = ImportRun.Status.FAILED if _any_file_failed(run) else ImportRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.save()
    return run


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        raise UnreadableFile(
            f"unknown time zone {name!r} (use a name like Europe/Moscow)"
        ) from None


COUNTS = ("created", "updated", "unchanged", "duplicates", "skipped", "failed")


def _add(run: ImportRun, counts: ImportRun) -> None:
    for name in COUNTS:
        setattr(run, name, getattr(run, name) + getattr(counts, name))
    run.errors.extend(counts.errors)


def _sum(run: ImportRun, counts: ImportRun) -> ImportRun:
    total = ImportRun(path=run.path, format=run.format)
    _add(total, run)
    _add(total, counts)
    return total


def _any_file_failed(run: ImportRun) -> bool:
    return any(error.endswith("Nothing from this file was imported.") for error in run.errors)


def record_failed_run(paths, format_name: str, message: str) -> ImportRun:
    return ImportRun.objects.create(
        path="\n".join(str(path) for path in paths),
        format=format_name,
        status=ImportRun.Status.FAILED,
        failed=1,
        errors=[message],
        finished_at=timezone.now(),
    )


# Enrichment ----------------------------------------------------------------------------


def enriched_fields(source: Source, record: ParsedRecord) -> dict:
    fields, record.folded = enrich_record(record, source.permalink_base, source.default_language)
    record.suggested = suggest_names(fields["title"], fields["text"])
    return {**fields, "raw": storable(record.raw)}


def storable(value):
    """The value with NUL characters (which PostgreSQL cannot store) shown as U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


# Not part of what a post says: where in a file it was, the format's own record, and
# counters that grow every time the page is read.
NOT_CONTENT = {"position", "raw", "views", "channel", "source_url", "forwarded_from_id"}


def record_hash(record: ParsedRecord) -> str:
    """What the source said, the same whichever format said it (one export keeps line
    breaks another turns into spaces): text compared without spacing or case, times to
    the minute."""
    content = {}
    for field in dataclass_fields(record):
        value = getattr(record, field.name)
        if field.name in NOT_CONTENT:
            continue
        if field.name in ("text", "title", "forwarded_from"):
            value = " ".join(value.split()).casefold()
        elif hasattr(value, "isoformat"):
            value = value.replace(second=0, microsecond=0).isoformat()
        content[field.name] = value
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def statement_key(source: Source, record: ParsedRecord, fields: dict | None) -> tuple:
    """What identifies a statement within its source."""
    if record.source_message_id is not None:
        return (source.pk, "id", record.source_message_id)
    if record.external_id:
        return (source.pk, "external", record.external_id)
    return (source.pk, "text", fields["content_hash"])


# Albums: items of one post are separate messages a moment apart, the caption on one.
ALBUM_SECONDS = 2


def group_albums(records: Iterable) -> Iterable:
    """Merge consecutive media items of one album into one record."""
    album: list[ParsedRecord] = []
    for record in records:
        if album and _same_album(album, record):
            album.append(record)
            continue
        if album:
            yield _merge_album(album)
        album = [record] if _may_be_album(record) else []
        if not album:
            yield record
    if album:
        yield _merge_album(album)


def _may_be_album(record) -> bool:
    return (
        isinstance(record, ParsedRecord)
        and record.media in ("photo", "video")
        and bool(record.published_at)
    )


def _same_album(album: list[ParsedRecord], record) -> bool:
    first = album[0]
    return (
        _may_be_album(record)
        and record.channel == first.channel
        and abs((record.published_at - album[-1].published_at).total_seconds()) <= ALBUM_SECONDS
        and not (record.text.strip() and any(item.text.strip() for item in album))
    )


def _merge_album(album: list[ParsedRecord]) -> ParsedRecord:
    if len(album) == 1:
        return album[0]
    captioned = next((item for item in album if item.text.strip()), album[0])
    first = album[0]
    return ParsedRecord(
        **{
            **asdict(captioned),
            "channel": first.channel,
            "position": f"{first.position} (album of {len(album)})",
            "source_message_id": first.source_message_id,
            "published_at": first.published_at,
            "media_count": len(album),
            "raw": {"album": [item.raw for item in album]},
            "hashtags": [tag for item in album for tag in item.hashtags],
        }
    )


# Writing -------------------------------------------------------------------------------


class Archived(NamedTuple):
    """What the importer needs to know of a statement the archive already has."""

    pk: int
    import_hash: str


@dataclass
class BatchItem:
    key: tuple
    source: Source
    record: ParsedRecord
    fields: dict | None  # None until enriched
    import_hash: str
    archived: Archived | None = None


@dataclass
class PreparedBatch:
    items: list[BatchItem]
    future: object = None  # the enrichment of the items that need it

    @property
    def keys(self) -> set:
        return {item.key for item in self.items}

    def jobs(self) -> list[tuple]:
        return [
            (item.record, item.source.permalink_base, item.source.default_language)
            for item in self.items
            if item.fields is None
        ]

    def enrichment(self):
        """(item, (fields, folded, suggested, problem)); items enriched earlier get Nones."""
        results = iter(self.future.result())
        for item in self.items:
            yield item, (next(results) if item.fields is None else (None, None, None, None))


class Enricher:
    """Enriches batches in a second process, so that Python's work on one batch and the
    database's on another overlap (two cores, about a third more statements a second).

    The first batch is enriched here, so small files never start a process.
    """

    def __init__(self):
        self.pool = None
        self.submitted = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def submit(self, jobs: list[tuple]):
        self.submitted += 1
        if not jobs or self.submitted == 1 or not settings.IMPORT_PARALLEL:
            done = Future()
            done.set_result(enrich_records(jobs))
            return done
        if self.pool is None:
            # "spawn": a fresh interpreter that shares nothing (no database connection) with us.
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        return self.pool.submit(enrich_records, jobs)


class BatchImporter:
    """Writes a file's records in batches, counting outcomes on `counts`."""

    def __init__(self, counts, run, source, label, fallback_name):
        self.counts = counts
        self.run = run
        self.forced_source = source
        self.label = label
        self.fallback_name = fallback_name
        self.matcher = ParticipantMatcher(Participant.objects.all())
        self.sources: dict[Channel | None, Source] = {}
        self.hashtags: dict[str, Hashtag] = {}
        self.seen_without_id: dict[tuple, str] = {}
        self.last_source = None
        self.analyzed_at = 0
        self.seen = 0
        self.channels: set[Channel | None] = set()
        self.locked_sources: set[int] = set()
        self.named: list[tuple[Statement, ParsedRecord]] = []  # linked, suggestions not saved
        self.known_names: dict[str, bool] = {}  # suggestion key: whether a participant has it
        self.suggestion_ids: dict[str, int | None] = {}  # by key: pending id, or None

    def import_all(self, records: Iterable, progress: Callable[[ImportRun], None]) -> None:
        """Batches flow in a pipeline: while the database takes batch N, a second process
        enriches batch N+1 (whose records the archive did not have, as they are)."""
        pending = None
        with Enricher() as enricher:
            for batch in self.batches(records):
                if pending and pending.keys & {self.key_of_id(r) for r in batch}:
                    self.finish(pending)  # the same post twice: write the first one first
                    pending = None
                prepared = self.prepare(batch)
                prepared.future = enricher.submit(prepared.jobs())
                if pending:
                    self.finish(pending)
                    progress(self.counts)
                    self.keep_statistics_fresh()
                pending = prepared
            if pending:
                self.finish(pending)
        if not self.seen:
            raise UnreadableFile("contains no posts")
        if self.counts.failed == self.seen:
            raise UnreadableFile(f"has no record that could be read ({self.counts.errors[-1]})")
        self.keep_statistics_fresh(force=self.counts.created >= ANALYZE_EVERY)
        progress(self.counts)

    def batches(self, records: Iterable):
        batch = []
        for record in group_albums(records):
            self.seen += 1
            if isinstance(record, SkippedRecord):
                self.counts.skipped += 1
            elif isinstance(record, BadRecord):
                self.counts.failed += 1
                self.error(record, record.reason)
            else:
                batch.append(record)
                if len(batch) >= BATCH_SIZE:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def key_of_id(self, record: ParsedRecord):
        if record.source_message_id is None:
            return None
        return (self.source_for(record.channel).pk, "id", record.source_message_id)

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

    def error(self, record, message: str) -> None:
        self.counts.errors.append(f"{self.label}: {record.position}: {message}")

    def prepare(self, records: list[ParsedRecord]) -> "PreparedBatch":
        """Keys and hashes; records the archive already has, as they are, are counted here
        and go no further (no enrichment: re-imports stay cheap)."""
        items = []
        for record in records:
            source = self.source_for(record.channel)
            fields = None
            if record.source_message_id is None and not record.external_id:
                fields = self.enrich(source, record)  # the text is the only key
                if fields is None:
                    continue
            key = statement_key(source, record, fields)
            if key[1] != "id":
                if key in self.seen_without_id:
                    self.counts.skipped += 1
                    self.error(record, f"the same post as {self.seen_without_id[key]}, skipped")
                    continue
                self.seen_without_id[key] = record.position
            items.append(BatchItem(key, source, record, fields, record_hash(record)))
        existing = self.existing_statements([item.key for item in items])
        kept = []
        for item in items:
            item.archived = existing.get(item.key)
            if item.archived is not None and item.archived.import_hash == item.import_hash:
                self.counts.unchanged += 1
            else:
                kept.append(item)
        return PreparedBatch(kept)

    def finish(self, prepared: "PreparedBatch") -> None:
        """Take the enrichment results, then write; if the database refuses the batch,
        item by item to find the bad one."""
        items = []
        for item, (fields, folded, suggested, problem) in prepared.enrichment():
            if problem:
                self.counts.failed += 1
                self.error(item.record, problem)
            elif fields is not None and not fields["text"] and not fields["media"]:
                self.counts.skipped += 1
            else:
                if fields is not None:
                    item.fields = {**fields, "raw": storable(item.record.raw)}
                    item.record.folded = folded
                    item.record.suggested = suggested
                items.append(item)
        before = self.state()
        try:
            with transaction.atomic():
                self.write_items(items)
        except DatabaseError:
            self.restore(before)
            for item in items:
                before = self.state()
                try:
                    with transaction.atomic():
                        self.write_items([item])
                except DatabaseError as exc:
                    self.restore(before)
                    self.counts.failed += 1
                    self.error(item.record, str(exc).strip().splitlines()[0])

    def state(self):
        """What a write changes besides the database, to undo with a rolled-back batch."""
        counts = {name: getattr(self.counts, name) for name in COUNTS}
        return counts, len(self.counts.errors), dict(self.hashtags), dict(self.suggestion_ids)

    def restore(self, state) -> None:
        counts, errors, hashtags, suggestion_ids = state
        for name, value in counts.items():
            setattr(self.counts, name, value)
        del self.counts.errors[errors:]
        self.hashtags = hashtags
        self.suggestion_ids = suggestion_ids

    def write_items(self, items: list["BatchItem"]) -> None:
        self.named = []  # filled by link(); a batch rolled back starts afresh
        new = []
        for item in items:
            if item.archived is None:
                new.append((item.key, item.source, item.record, item.fields, item.import_hash))
            else:
                locked = Statement.objects.select_for_update().get(pk=item.archived.pk)
                self.update(locked, item.record, item.fields, item.import_hash)
        if new:
            self.create(new)
        self.save_suggestions()

    def enrich(self, source: Source, record: ParsedRecord) -> dict | None:
        """The record's fields, or None (counted) when it is empty or cannot be read."""
        try:
            fields = enriched_fields(source, record)
        except Exception as exc:  # a record the enrichment cannot read
            self.counts.failed += 1
            self.error(record, f"cannot be read ({exc})")
            return None
        if not fields["text"] and not fields["media"]:
            self.counts.skipped += 1
            return None
        return fields

    def existing_statements(self, keys: list[tuple]) -> dict[tuple, Archived]:
        if not keys:
            return {}
        values: dict[tuple, list] = {}
        for source_id, kind, value in keys:
            values.setdefault((source_id, kind), []).append(value)
        condition = Q()
        for (source_id, kind), found in values.items():
            if kind == "id":
                condition |= Q(source_id=source_id, source_message_id__in=found)
            elif kind == "external":
                condition |= Q(source_id=source_id, source_message_id=None, external_id__in=found)
            else:
                condition |= Q(
                    source_id=source_id,
                    source_message_id=None,
                    external_id="",
                    content_hash__in=found,
                )
        found = {}
        columns = ["pk", "source_id", "source_message_id", "external_id", "content_hash"]
        rows = Statement.objects.filter(condition)
        for pk, source_id, message_id, external_id, content_hash, import_hash in rows.values_list(
            *columns, "import_hash"
        ):
            if message_id is not None:
                key = (source_id, "id", message_id)
            elif external_id:
                key = (source_id, "external", external_id)
            else:
                key = (source_id, "text", content_hash)
            found[key] = Archived(pk, import_hash)
        return found

    def update(self, statement: Statement, record: ParsedRecord, fields: dict, import_hash: str):
        if is_older_version(statement, fields):
            # An export made before the post's last edit: keep it as an earlier version,
            # once, and leave the newer text in place.
            if not statement.revisions.filter(import_hash=import_hash).exists():
                StatementRevision.objects.create(
                    statement=statement,
                    import_run=self.run,
                    import_hash=import_hash,
                    fields=_json_safe(
                        {name: fields[name] for name in ("title", "text", "edited_at")}
                    ),
                    applied=False,
                    note="an earlier version, from an older export (not applied)",
                )
            self.counts.unchanged += 1
            return
        fields = self.keep_editor_changes(statement, record, fields, import_hash)
        replaced = {
            name: getattr(statement, name)
            for name, value in fields.items()
            if getattr(statement, name) != value
        }
        StatementRevision.objects.create(
            statement=statement,
            import_run=self.run,
            import_hash=statement.import_hash,
            fields=_json_safe(replaced),
        )
        for name, value in fields.items():
            setattr(statement, name, value)
        statement.import_hash = import_hash
        statement.save()
        self.link([(statement, record)])
        self.counts.updated += 1

    def keep_editor_changes(self, statement, record, fields: dict, import_hash: str) -> dict:
        """The fields without those an editor set by hand; what the import would have put
        there instead is kept as a conflict for an editor to look at."""
        protected = set(statement.editor_fields)
        if not protected:
            return fields
        conflicts = {
            name: value
            for name, value in fields.items()
            if name in protected
            and revisions.comparable(getattr(statement, name)) != revisions.comparable(value)
        }
        for name in protected & set(revisions.LINK_FIELDS):
            people, tags = self.links_for(
                statement, record, self.participants_named(set(record.participants))
            )
            offered = {p.pk for p in (people if name == "participants" else tags)}
            missing = offered - set(getattr(statement, name).values_list("pk", flat=True))
            if missing:
                conflicts[name] = sorted(missing)
        if conflicts:
            StatementRevision.objects.create(
                statement=statement,
                import_run=self.run,
                import_hash=import_hash,
                fields=_json_safe(conflicts),
                applied=False,
                note="conflict: the import would have changed what an editor set: "
                + ", ".join(sorted(conflicts)),
            )
        return {name: value for name, value in fields.items() if name not in protected}

    def create(self, new: list) -> None:
        canonical = self.canonical_statements(new)
        statements = []
        for _, source, record, fields, import_hash in new:
            statement = Statement(
                source=source,
                source_message_id=record.source_message_id,
                external_id=record.external_id if record.source_message_id is None else "",
                import_hash=import_hash,
                status=Statement.Status.NEW if source.needs_review else Statement.Status.PUBLISHED,
                **fields,
            )
            statement.sort_date = statement.compute_sort_date()
            statement.duplicate_of = canonical.get(id(record))
            statements.append(statement)
        plans = self.link([(s, item[2]) for s, item in zip(statements, new, strict=True)], False)
        copy_insert(statements)
        self.save_links(plans, new=True)
        # A later post in this batch with the same words, from another source, repeats the first.
        first_with = {}
        for statement in statements:
            if statement.duplicate_of is None and statement.text_fingerprint:
                first = first_with.setdefault(statement.text_fingerprint, statement)
                if first is not statement and same_post(
                    first, statement.source, statement.published_at
                ):
                    statement.duplicate_of = first
                    Statement.objects.filter(pk=statement.pk).update(duplicate_of=first)
        for statement in statements:
            if statement.duplicate_of is None:
                self.counts.created += 1
            else:
                self.counts.duplicates += 1
                promote_if_better(statement)

    def canonical_statements(self, new: list) -> dict[int, Statement]:
        """For new records repeating a published statement of another source (a forward,
        a repost, the scrape of an exported post): that statement, by record."""
        fingerprints = {fields["text_fingerprint"] for _, _, _, fields, _ in new} - {""}
        originals = Q()
        for _, _, record, _, _ in new:
            if record.forwarded_from_id and record.forwarded_message_id:
                originals |= Q(
                    source__handle__iexact=record.forwarded_from_id,
                    source_message_id=record.forwarded_message_id,
                )
        if not fingerprints and not originals:
            return {}
        matches = Statement.objects.filter(
            Q(text_fingerprint__in=fingerprints) | originals,
            duplicate_of__isnull=True,
            status=Statement.Status.PUBLISHED,
        ).order_by("pk")
        by_fingerprint, by_original = {}, {}
        for statement in matches.select_related("source"):
            by_fingerprint.setdefault(statement.text_fingerprint, []).append(statement)
            by_original[(statement.source.handle.lower(), statement.source_message_id)] = statement
        found = {}
        for _, source, record, fields, _ in new:
            original = by_original.get(
                (record.forwarded_from_id.lower(), record.forwarded_message_id)
            )
            if original is None:
                original = next(
                    (
                        candidate
                        for candidate in by_fingerprint.get(fields["text_fingerprint"], [])
                        if same_post(candidate, source, fields["published_at"])
                    ),
                    None,
                )
            if original is not None and original.source_id != source.pk:
                found[id(record)] = original
        return found

    def links_for(self, statement: Statement, record: ParsedRecord, by_name: dict):
        """The participants the text names (or the file names) and the hashtags it carries."""
        folded = getattr(record, "folded", None)
        people = {
            p.pk: p for p in self.matcher.find(statement.title, statement.text, folded=folded)
        }
        for name in record.participants:
            if name.casefold() in by_name:
                participant = by_name[name.casefold()]
                people[participant.pk] = participant
        names = extract_hashtags(f"{statement.title}\n{statement.text}")
        names += [n if n.startswith("#") else f"#{n}" for n in record.hashtags]
        tags = {tag.pk: tag for tag in map(self.hashtag, names)}
        return list(people.values()), list(tags.values())

    def link(self, pairs: list[tuple[Statement, ParsedRecord]], inserted: bool = True) -> None:
        """Link participants and hashtags (only ever adds links).

        Statements not yet inserted get their names text here, so the database
        computes their search vector once; inserted ones are refreshed after.
        """
        by_name = self.participants_named({n for _, record in pairs for n in record.participants})
        plans = [
            (statement, *self.links_for(statement, record, by_name)) for statement, record in pairs
        ]
        # Links an editor set by hand stay as the editor left them.
        plans = [
            (
                statement,
                [] if "participants" in statement.editor_fields else people,
                [] if "hashtags" in statement.editor_fields else tags,
            )
            for statement, people, tags in plans
        ]
        self.named += pairs  # the names they suggest are saved once they have ids
        if not inserted:
            for statement, people, tags in plans:
                statement.participant_text = links_text(people, tags)
            return plans
        self.save_links(plans)
        Statement.objects.filter(pk__in=[s.pk for s, _ in pairs]).refresh_links_text()
        return plans

    @staticmethod
    def save_links(plans, new: bool = False) -> None:
        """Link rows for the plans; for new statements with COPY (no links can exist yet)."""
        people = [(s.pk, p.pk) for s, ps, _ in plans for p in ps]
        tags = [(s.pk, t.pk) for s, _, ts in plans for t in ts]
        for relation, rows, column in (
            ("participants", people, "participant_id"),
            ("hashtags", tags, "hashtag_id"),
        ):
            through = getattr(Statement, relation).through
            if new:
                copy_rows(through._meta.db_table, ["statement_id", column], rows)
            else:
                through.objects.bulk_create(
                    [through(statement_id=s, **{column: o}) for s, o in rows],
                    ignore_conflicts=True,
                )

    def save_suggestions(self) -> None:
        """Queue the names the statements just written suggest (after a title: "Foreign
        Minister X Y") that no participant has, with the statements, for an editor."""
        found: dict[str, tuple[str, str, set[int]]] = {}
        for statement, record in self.named:
            suggested = getattr(record, "suggested", None)
            if suggested is None:
                suggested = suggest_names(statement.title, statement.text)
            for name, context in suggested:
                key = suggestion_key(name)
                if key not in self.known_names:
                    self.known_names[key] = bool(self.matcher.find(name))
                if not self.known_names[key]:
                    found.setdefault(key, (name, context, set()))[2].add(statement.pk)
        self.named = []
        if found:
            queue_suggestions(found, self.suggestion_ids)

    def participants_named(self, names: set[str]) -> dict[str, Participant]:
        """Participants a file names outright, by any spelling; new names become participants."""
        if not names:
            return {}
        by_name = {}
        for participant in Participant.objects.all():
            for spelling in participant.spellings:
                by_name.setdefault(spelling.casefold(), participant)
        for name in names:
            if name.strip() and name.casefold() not in by_name:
                by_name[name.casefold()] = Participant.objects.create(name=name.strip()[:200])
        return by_name

    def hashtag(self, name: str) -> Hashtag:
        folded = name.casefold()
        if folded not in self.hashtags:
            self.hashtags[folded] = hashtag_for(name)
        return self.hashtags[folded]

    def source_for(self, channel: Channel | None) -> Source:
        source = self._source_for(channel)
        if source.pk not in self.locked_sources:
            # Two imports into one source wait for each other instead of racing on its ids.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SOURCE_LOCK, source.pk])
            self.locked_sources.add(source.pk)
        return source

    def _source_for(self, channel: Channel | None) -> Source:
        if self.forced_source:
            # One source for a file of several channels would merge their message ids.
            self.channels.add(channel)
            if len(self.channels - {None}) > 1:
                raise UnreadableFile(
                    "holds posts of several channels; import it without --source, "
                    "so that each channel is its own source"
                )
            self.last_source = self.forced_source
            return self.forced_source
        if channel not in self.sources:
            self.sources[channel] = (
                source_for_channel(channel) if channel else source_named(self.fallback_name)
            )
        self.last_source = self.sources[channel]
        return self.sources[channel]


def links_text(participants, hashtags) -> str:
    """Names, aliases and hashtags as search reads them: what StatementQuerySet.refresh_links_text
    computes in SQL, computed here for rows about to be inserted."""
    people = "\n".join(
        "\n".join([p.name, *p.aliases]) for p in sorted(participants, key=lambda p: p.name)
    )
    tags = "\n".join(sorted(tag.name.lstrip("#") for tag in hashtags))
    return "\n".join(part for part in (people, tags) if part)


def copy_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def copy_insert(statements: list[Statement]) -> None:
    """Insert new statements with COPY, the fast way in for bulk imports.

    Ids come from the table's sequence first, so the objects get their pks as
    bulk_create would give them. The search vector is generated by the database.
    """
    meta = Statement._meta
    columns = [f for f in meta.concrete_fields if not f.generated and not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(statements)],
        )
        for statement, (pk,) in zip(statements, cursor.fetchall(), strict=True):
            statement.pk = pk
        names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} (id, {names}) FROM STDIN"
        # psycopg adapts plain values itself; only JSON needs Django's preparation.
        json_fields = {f for f in columns if isinstance(f, JSONField)}
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for statement in statements:
                values = [f.pre_save(statement, True) for f in columns]
                values = [
                    f.get_db_prep_save(value, connection) if f in json_fields else value
                    for f, value in zip(columns, values, strict=True)
                ]
                copy.write_row([statement.pk, *values])


def is_older_version(statement: Statement, fields: dict) -> bool:
    """Whether the incoming version predates the archived one (by their edit times)."""
    if statement.edited_at is None:
        return False
    incoming = fields.get("edited_at") or fields.get("published_at")
    return incoming is not None and incoming < statement.edited_at


def _json_safe(values: dict) -> dict:
    return json.loads(json.dumps(values, default=str))


def hashtag_for(name: str) -> Hashtag:
    existing = Hashtag.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return Hashtag.objects.create(name=name, slug=unique_slug(Hashtag, name.lstrip("#")))


def source_named(name: str) -> Source:
    """The source named after a file that says nothing of where its posts come from."""
    from django.utils.text import slugify

    slug = slugify(fold(name), allow_unicode=True)[:100] or "imported"
    source, _ = Source.objects.get_or_create(
        slug=slug, defaults={"name": re.sub(r"[-_]+", " ", name).strip().title() or slug}
    )
    return source


def source_for_channel(channel: Channel) -> Source:
    """The same channel is the same Source in every file: by Telegram id, then handle or slug.

    What a file adds (a handle the JSON export lacks, an id the web page lacks) is filled in.
    """
    source = None
    if channel.telegram_id:
        source = Source.objects.filter(telegram_id=channel.telegram_id).first()
    if source is None and channel.handle:
        source = Source.objects.filter(handle__iexact=channel.handle).first()
    if source is None and channel.slug:
        source = Source.objects.filter(slug=channel.slug).first()
    if source is None and channel.title and not (channel.telegram_id or channel.handle):
        source = Source.objects.filter(name=channel.title[:200]).first()  # HTML exports
    if source is None:
        name = channel.title or channel.handle or channel.slug or "Imported"
        try:
            with transaction.atomic():
                return Source.objects.create(
                    name=name[:200],
                    slug=channel.slug or unique_slug(Source, channel.handle or name),
                    handle=channel.handle[:100],
                    telegram_id=channel.telegram_id,
                    url=f"https://t.me/s/{channel.handle}" if channel.handle else "",
                )
        except IntegrityError:  # another import created it a moment ago
            return source_for_channel(channel)
    missing = {}
    if channel.telegram_id and not source.telegram_id:
        missing["telegram_id"] = channel.telegram_id
    if channel.handle and not source.handle:
        missing["handle"] = channel.handle
    if missing:
        Source.objects.filter(pk=source.pk).update(**missing)
        for name, value in missing.items():
            setattr(source, name, value)
    return source
