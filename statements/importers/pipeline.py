"""The one import pipeline: read → parse → enrich → upsert → record.

Every file is read and parsed before anything is written, so a file that
cannot be read writes nothing. A bad record inside a good file is reported and
skipped. A record the archive already has, as the source gave it, changes
nothing (even where an editor has since corrected the statement); a record the
source changed (same message id, new content) updates the statement and keeps
the values it replaces in `earlier_versions`.
"""

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from statements import enrich
from statements.importers import tme_text
from statements.importers.records import ParsedRecord, UnreadableFile
from statements.models import Hashtag, ImportRun, Participant, Source, Statement, unique_slug

FORMATS = {"tme-text": tme_text}


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise UnreadableFile(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise UnreadableFile(f"{path}: is a binary file, not a text export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{path}: is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None


def detect_format(path: Path, text: str) -> str:
    if not text.strip():
        raise UnreadableFile(f"{path}: is empty")
    if tme_text.looks_like_tme_text(text):
        return "tme-text"
    kind = "JSON" if text.lstrip()[0] in "{[" else "HTML"
    raise UnreadableFile(f"{path}: looks like a {kind} file; this format is not supported yet")


def parse_file(path: Path, format_name: str = "auto") -> tuple[str, list[ParsedRecord]]:
    text = read_text_file(path)
    if format_name == "auto":
        format_name = detect_format(path, text)
    if format_name not in FORMATS:
        raise UnreadableFile(f"{path}: unknown format {format_name!r}")
    try:
        records = FORMATS[format_name].parse(text)
    except UnreadableFile:
        raise
    except Exception as exc:  # a parser bug or an odd file must not hide which file it was
        raise UnreadableFile(f"{path}: cannot be parsed as {format_name} ({exc})") from exc
    if not records:
        raise UnreadableFile(f"{path}: contains no posts")
    return format_name, records


def source_for_path(path: Path, slug: str | None) -> Source:
    """The named source (created if new), or one named after the file."""
    from django.utils.text import slugify

    slug = slug or slugify(path.stem)[:100] or "imported"
    source, _ = Source.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").replace("_", " ").title()}
    )
    return source


def import_paths(
    paths: list[Path], source_slug: str | None = None, format_name: str = "auto"
) -> ImportRun:
    """Import files and return the finished run. Raises UnreadableFile before writing anything."""
    parsed = [(path, *parse_file(path, format_name)) for path in paths]
    run = ImportRun.objects.create(
        path="\n".join(str(path) for path in paths),
        format=",".join(sorted({name for _, name, _ in parsed})),
    )
    for path, _, records in parsed:
        run.source = source_for_path(path, source_slug)
        import_records(run, records, label=path.name)
    run.status = ImportRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.save()
    return run


def record_failed_run(paths, format_name: str, message: str) -> ImportRun:
    return ImportRun.objects.create(
        path="\n".join(str(path) for path in paths),
        format=format_name,
        status=ImportRun.Status.FAILED,
        failed=1,
        errors=[message],
        finished_at=timezone.now(),
    )


def import_records(run: ImportRun, records, label: str = "") -> None:
    """Upsert records into run.source, counting each outcome on the run."""
    matcher = enrich.ParticipantMatcher(Participant.objects.all())
    first_seen: dict[tuple, str] = {}
    for record in records:
        try:
            with transaction.atomic():
                fields = enriched_fields(run.source, record)
                key = statement_key(run.source, record, fields)
                if tuple(key.values()) in first_seen:
                    run.skipped += 1
                    earlier = first_seen[tuple(key.values())]
                    run.errors.append(
                        f"{label}: {record.position}: the same post as {earlier}, skipped"
                    )
                    continue
                first_seen[tuple(key.values())] = record.position
                outcome = upsert_record(key, record, fields, matcher)
        except Exception as exc:
            run.failed += 1
            run.errors.append(f"{label}: {record.position}: {exc}")
            continue
        setattr(run, outcome, getattr(run, outcome) + 1)


def enriched_fields(source: Source, record: ParsedRecord) -> dict:
    text = enrich.clean_text(record.text)
    title, body = (record.title, text) if record.title else enrich.split_title(text)
    title = enrich.strip_emoji(enrich.clean_text(title))
    event_date, event_date_text, location = enrich.extract_event(title, body, record.published_at)
    return {
        "source_url": record.source_url or source.permalink(record.source_message_id),
        "published_at": record.published_at,
        "event_date": event_date,
        "event_date_text": event_date_text,
        "location": location,
        "kind": record.kind or enrich.detect_kind(title, body),
        "title": title,
        "text": body,
        "language": record.language or enrich.detect_language(text, source.default_language),
        "forwarded_from": enrich.strip_emoji(record.forwarded_from),
        "media": record.media,
        "content_hash": enrich.content_hash(title, body),
        "raw": record.raw,
    }


def statement_key(source: Source, record: ParsedRecord, fields: dict) -> dict:
    """What identifies the statement: its message id, or its text when the source gives no id."""
    if record.source_message_id is not None:
        return {"source": source, "source_message_id": record.source_message_id}
    return {"source": source, "source_message_id": None, "content_hash": fields["content_hash"]}


def record_hash(record: ParsedRecord) -> str:
    """What the source said, without where in the file it said it."""
    content = {k: v for k, v in asdict(record).items() if k not in ("position", "raw")}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def upsert_record(key: dict, record: ParsedRecord, fields: dict, matcher) -> str:
    """Create or update one statement; returns created, updated, unchanged or skipped."""
    if not fields["text"] and not fields["media"]:
        return "skipped"
    import_hash = record_hash(record)
    statement = Statement.objects.select_for_update().filter(**key).first()
    if statement is None:
        statement = Statement.objects.create(**{**fields, **key}, import_hash=import_hash)
        link_statement(statement, matcher, record.hashtags)
        return "created"
    if statement.import_hash == import_hash:
        return "unchanged"
    replaced = {
        name: getattr(statement, name)
        for name, value in fields.items()
        if getattr(statement, name) != value
    }
    statement.earlier_versions = [
        *statement.earlier_versions,
        {"replaced_at": timezone.now().isoformat(), "fields": replaced},
    ]
    for name, value in fields.items():
        setattr(statement, name, value)
    statement.import_hash = import_hash
    statement.save()
    link_statement(statement, matcher, record.hashtags)
    return "updated"


def link_statement(statement: Statement, matcher, extra_hashtags=()) -> None:
    """Link the participants the text names and its hashtags (only ever adds links)."""
    participants = matcher.find(statement.title, statement.text)
    if participants:
        statement.participants.add(*participants)
    names = enrich.extract_hashtags(f"{statement.title}\n{statement.text}")
    names += [name if name.startswith("#") else f"#{name}" for name in extra_hashtags]
    hashtags = [hashtag_for(name) for name in names]
    if hashtags:
        statement.hashtags.add(*hashtags)
    statement.refresh_links_text()


def hashtag_for(name: str) -> Hashtag:
    existing = Hashtag.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return Hashtag.objects.create(name=name, slug=unique_slug(Hashtag, name.lstrip("#")))
