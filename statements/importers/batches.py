"""A file's records in batches: keyed, compared with what the archive has, enriched.

Records the archive already has, as they are, are counted here and go no further
(no enrichment: re-imports stay cheap). The others are enriched in a second
process while the database writes the batch before (see Enricher).
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from multiprocessing import get_context
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Q

from statements.importers.albums import group_albums
from statements.importers.counts import ImportCounts
from statements.importers.records import BadRecord, ParsedRecord, Record, SkippedRecord
from statements.importers.sources import SourceResolver
from statements.importers.versions import words
from statements.models import Source, Statement
from statements.text.fields import enrich_record, enrich_records
from statements.text.suggest import suggest_names
from statements.vocabulary import LANGUAGES

# What an unknown language is told to give instead.
LANGUAGE_HINT = "an ISO 639-1 code the archive knows: en, ru, sr, zh, ar, …"

BATCH_SIZE = 500
# Not part of what a post says: where in a file it was, the format's own record, and
# counters that grow every time the page is read. (The format's name is hashed: another
# format's rendering of a post is compared with it, and its raw record kept.)
NOT_CONTENT = {"position", "raw", "views", "channel", "source_url", "forwarded_from_id"}


class StatementKey(NamedTuple):
    """What identifies a statement within its source: its message id, else its id in
    another system, else the hash of its text."""

    source_id: int
    kind: str  # "id", "external" or "text"
    value: Any


class Archived(NamedTuple):
    """What the importer needs to know of a statement the archive already has."""

    pk: int
    import_hash: str


class Enrichment(NamedTuple):
    """What enrich_records gives for one record."""

    fields: dict | None
    folded: str | None
    suggested: list | None
    problem: str | None


NOT_ENRICHED = Enrichment(None, None, None, None)


@dataclass
class BatchItem:
    key: StatementKey
    source: Source
    record: ParsedRecord
    fields: dict | None  # None until enriched
    import_hash: str
    archived: Archived | None = None


@dataclass
class PreparedBatch:
    items: list[BatchItem]
    future: Future | None = None  # the enrichment of the items that need it

    @property
    def keys(self) -> set[StatementKey]:
        return {item.key for item in self.items}

    def jobs(self) -> list[tuple]:
        return [
            (item.record, item.source.permalink_base, item.source.default_language)
            for item in self.items
            if item.fields is None
        ]

    def enrichment(self) -> Iterator[tuple[BatchItem, Enrichment]]:
        """Each item with its enrichment; items enriched earlier get NOT_ENRICHED."""
        results = iter(self.future.result())
        for item in self.items:
            yield item, (Enrichment(*next(results)) if item.fields is None else NOT_ENRICHED)


class Enricher:
    """Enriches batches in a second process, so that Python's work on one batch and the
    database's on another overlap (two cores, about a third more statements a second).

    The first batch is enriched here, so small files never start a process.
    """

    def __init__(self):
        self.pool = None
        self.submitted = 0

    def __enter__(self) -> "Enricher":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def submit(self, jobs: list[tuple]) -> Future:
        self.submitted += 1
        if not jobs or self.submitted == 1 or not settings.IMPORT_PARALLEL:
            done = Future()
            done.set_result(enrich_records(jobs))
            return done
        if self.pool is None:
            # "spawn": a fresh interpreter that shares nothing (no database connection) with us.
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
        return self.pool.submit(enrich_records, jobs)


class BatchReader:
    """Reads a file's records into prepared batches, counting what goes no further."""

    def __init__(self, counts: ImportCounts, sources: SourceResolver, label: str):
        self.counts = counts
        self.sources = sources
        self.label = label
        self.seen = 0
        self.seen_without_id: dict[StatementKey, str] = {}

    def error(self, record: Record, message: str) -> None:
        self.counts.error(f"{self.label}: {record.position}", message)

    def batches(self, records: Iterable[Record]) -> Iterator[list[ParsedRecord]]:
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

    def key_of_id(self, record: ParsedRecord) -> StatementKey | None:
        if record.source_message_id is None:
            return None
        return StatementKey(
            self.sources.source_for(record.channel).pk, "id", record.source_message_id
        )

    def prepare(self, records: list[ParsedRecord]) -> PreparedBatch:
        """The batch's items the archive does not have as they are."""
        items = []
        for record in records:
            source = self.sources.source_for(record.channel)
            fields = None
            if record.source_message_id is None and not record.external_id:
                fields = self.enrich(source, record)  # the text is the only key
                if fields is None:
                    continue
            key = statement_key(source, record, fields)
            if key.kind != "id":
                if key in self.seen_without_id:
                    self.counts.skipped += 1
                    self.error(record, f"the same post as {self.seen_without_id[key]}, skipped")
                    continue
                self.seen_without_id[key] = record.position
            items.append(BatchItem(key, source, record, fields, record_hash(record)))
        existing = existing_statements([item.key for item in items])
        kept = []
        for item in items:
            item.archived = existing.get(item.key)
            if item.archived is not None and item.archived.import_hash == item.import_hash:
                self.counts.unchanged += 1
            else:
                kept.append(item)
        return PreparedBatch(kept)

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
        if problem := field_problem(fields):
            self.counts.failed += 1
            self.error(record, problem)
            return None
        return fields


def field_problem(fields: dict) -> str | None:
    """Why a record's enriched fields cannot be archived, if they cannot: a language the
    archive does not know (given by a spreadsheet, say), which no editor could then save."""
    if fields["language"] not in LANGUAGES:
        return f"has an unknown language {fields['language']!r} ({LANGUAGE_HINT})"
    return None


def enriched_fields(source: Source, record: ParsedRecord) -> dict:
    fields, record.folded = enrich_record(record, source.permalink_base, source.default_language)
    record.suggested = suggest_names(fields["title"], fields["text"])
    return {**fields, "raw": storable(record.raw)}


def storable(value: Any) -> Any:
    """The value with NUL characters (which PostgreSQL cannot store) shown as U+FFFD."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    return value


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
            value = words(value)
        elif hasattr(value, "isoformat"):
            value = value.replace(second=0, microsecond=0).isoformat()
        content[field.name] = value
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def statement_key(source: Source, record: ParsedRecord, fields: dict | None) -> StatementKey:
    if record.source_message_id is not None:
        return StatementKey(source.pk, "id", record.source_message_id)
    if record.external_id:
        return StatementKey(source.pk, "external", record.external_id)
    return StatementKey(source.pk, "text", fields["content_hash"])


def existing_statements(keys: list[StatementKey]) -> dict[StatementKey, Archived]:
    """The archived statements with these keys, in one query."""
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
            key = StatementKey(source_id, "id", message_id)
        elif external_id:
            key = StatementKey(source_id, "external", external_id)
        else:
            key = StatementKey(source_id, "text", content_hash)
        found[key] = Archived(pk, import_hash)
    return found
