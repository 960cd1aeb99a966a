"""Writing a batch: new statements inserted (each copy of a post linked to the first),
changed ones updated with what they replace kept as a revision."""

import json

from django.db.models import Q

from statements.curation import revisions
from statements.curation.conflicts import conflict_note
from statements.curation.copies import copy_status, promote_if_better, same_post
from statements.importers.batches import BatchItem
from statements.importers.bulk import copy_insert
from statements.importers.counts import ImportCounts
from statements.importers.linking import (
    Linker,
    NameSuggestions,
    names_text_of,
    save_links,
)
from statements.importers.records import ParsedRecord
from statements.importers.versions import (
    format_of,
    is_newer_version,
    is_older_version,
    merged_raw,
    says_something_else,
    taken_fields,
)
from statements.models import ImportRun, Source, Statement, StatementRevision, sort_date_for


class StatementWriter:
    """Writes prepared items into the archive, counting what each became."""

    def __init__(
        self, counts: ImportCounts, run: ImportRun, linker: Linker, suggestions: NameSuggestions
    ):
        self.counts = counts
        self.run = run
        self.linker = linker
        self.suggestions = suggestions

    def write(self, items: list[BatchItem]) -> None:
        self.suggestions.start_batch()
        new = []
        for item in items:
            if item.archived is None:
                new.append(item)
            else:
                locked = Statement.objects.select_for_update().get(pk=item.archived.pk)
                self.update(locked, item.record, item.fields, item.import_hash)
        if new:
            self.create(new)
        self.suggestions.save()

    def create(self, new: list[BatchItem]) -> None:
        canonical = canonical_statements(new)
        statements = []
        for item in new:
            record = item.record
            statement = Statement(
                source=item.source,
                source_message_id=record.source_message_id,
                external_id=record.external_id if record.source_message_id is None else "",
                import_hash=item.import_hash,
                import_run=self.run if self.run.pk else None,
                **item.fields,
            )
            statement.sort_date = sort_date_for(statement.published_at, statement.event_date)
            statement.duplicate_of = canonical.get(id(record))
            statement.status = copy_status(statement.duplicate_of, status_from(item.source))
            statements.append(statement)
        pairs = [(s, item.record) for s, item in zip(statements, new, strict=True)]
        plans = self.linker.plans(pairs)
        self.suggestions.add(pairs)
        for plan in plans:
            plan.statement.names_text = names_text_of(plan)
        copy_insert(statements)
        save_links(plans, new=True)
        mark_copies_in_batch(statements)
        for statement in statements:
            if statement.duplicate_of is None:
                self.counts.created += 1
            else:
                self.counts.duplicates += 1
                promote_if_better(statement)

    def update(
        self, statement: Statement, record: ParsedRecord, fields: dict, import_hash: str
    ) -> None:
        """Another rendering of an archived post: an older version is kept as such when it
        says something else; a newer one (or new links) is taken with a revision; of the
        same version only what the archive lacks is filled in. Each format's raw record is
        kept beside the others."""
        incoming_format = record.format or format_of(record.raw, "unknown")
        older = is_older_version(statement, fields, incoming_format)
        newer = not older and is_newer_version(statement, fields, incoming_format)
        raw = merged_raw(
            statement.raw,
            archived_format(statement),
            fields["raw"],
            incoming_format,
            replace=newer,
        )
        if older:
            if says_something_else(statement, fields):
                self.keep_earlier_version(statement, fields, import_hash)
            changes = {}
        else:
            changes = taken_fields(statement, fields, newer)
            if changes:
                changes = self.keep_editor_changes(statement, record, changes, import_hash)
        if not changes or not (newer or "links" in changes):
            # Another rendering of the same version: its raw record is provenance, and what
            # it fills in (an edit time, views, a precise media kind) is no new version.
            details = {**changes, "raw": raw, "import_hash": import_hash}
            if any(getattr(statement, name) != value for name, value in details.items()):
                self.note_filled_in(statement, changes)
                Statement.objects.filter(pk=statement.pk).update(**details)
            self.counts.unchanged += 1
            return
        changes["raw"] = raw
        replaced = {name: getattr(statement, name) for name in changes}
        previous_hash, linked_before = statement.import_hash, revisions.links_of(statement)
        for name, value in changes.items():
            setattr(statement, name, value)
        statement.import_hash = import_hash
        statement.save()
        self.linker.link_archived([(statement, record)])
        # The revision holds the links the update replaced too, so undoing the run unlinks.
        replaced |= revisions.replaced_values(linked_before, revisions.links_of(statement))
        StatementRevision.objects.create(
            statement=statement,
            import_run=self.run,
            import_hash=previous_hash,
            fields=_json_safe(replaced),
        )
        self.suggestions.add([(statement, record)])
        self.counts.updated += 1

    def note_filled_in(self, statement: Statement, changes: dict) -> None:
        """A field of a statement's history filled in by another rendering of the same
        version (a permalink the export lacked) is a revision too, so undoing the run puts
        it back; details no version records (views, the media kind) are not."""
        filled = {
            name: getattr(statement, name)
            for name, value in changes.items()
            if name in revisions.TRACKED_FIELDS and getattr(statement, name) != value
        }
        if filled:
            StatementRevision.objects.create(
                statement=statement,
                import_run=self.run,
                import_hash=statement.import_hash,
                fields=_json_safe(filled),
                note=f"filled in from another rendering: {', '.join(sorted(filled))}",
            )

    def keep_earlier_version(self, statement: Statement, fields: dict, import_hash: str) -> None:
        """An export made before the post's last edit, saying something else: keep it as an
        earlier version, once, and leave the newer text in place."""
        if not statement.revisions.filter(import_hash=import_hash).exists():
            StatementRevision.objects.create(
                statement=statement,
                import_run=self.run,
                import_hash=import_hash,
                fields=_json_safe({name: fields[name] for name in ("title", "text", "edited_at")}),
                applied=False,
                note="an earlier version, from an older export (not applied)",
            )

    def keep_editor_changes(
        self, statement: Statement, record: ParsedRecord, fields: dict, import_hash: str
    ) -> dict:
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
            people, tags = self.linker.links_for(
                statement, record, self.linker.participants_named(set(record.participants))
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
                note=conflict_note(list(conflicts)),
            )
        return {name: value for name, value in fields.items() if name not in protected}


def status_from(source: Source) -> str:
    """What a new statement of the source is: New where the source's statements wait for
    an editor, else Published."""
    return Statement.Status.NEW if source.needs_review else Statement.Status.PUBLISHED


def canonical_statements(new: list[BatchItem]) -> dict[int, Statement]:
    """For new records repeating a statement of another source (a forward, a repost, the
    scrape of an exported post), whatever its status: that statement, by id() of the
    record."""
    fingerprints = {item.fields["text_fingerprint"] for item in new} - {""}
    originals = Q()
    for item in new:
        if item.record.forwarded_from_id and item.record.forwarded_message_id:
            originals |= Q(
                source__handle__iexact=item.record.forwarded_from_id,
                source_message_id=item.record.forwarded_message_id,
            )
    if not fingerprints and not originals:
        return {}
    matches = Statement.objects.filter(
        Q(text_fingerprint__in=fingerprints) | originals,
        duplicate_of__isnull=True,
    ).order_by("pk")
    by_fingerprint, by_original = {}, {}
    for statement in matches.select_related("source"):
        by_fingerprint.setdefault(statement.text_fingerprint, []).append(statement)
        by_original[(statement.source.handle.lower(), statement.source_message_id)] = statement
    found = {}
    for item in new:
        record = item.record
        original = by_original.get((record.forwarded_from_id.lower(), record.forwarded_message_id))
        if original is None:
            original = next(
                (
                    candidate
                    for candidate in by_fingerprint.get(item.fields["text_fingerprint"], [])
                    if same_post(candidate, item.source, item.fields["published_at"])
                ),
                None,
            )
        if original is not None and original.source_id != item.source.pk:
            found[id(record)] = original
    return found


def mark_copies_in_batch(statements: list[Statement]) -> None:
    """A later post in this batch with the same words, from another source, repeats the first."""
    first_with = {}
    for statement in statements:
        if statement.duplicate_of is None and statement.text_fingerprint:
            first = first_with.setdefault(statement.text_fingerprint, statement)
            if first is not statement and same_post(
                first, statement.source, statement.published_at
            ):
                statement.duplicate_of = first
                statement.status = copy_status(first, statement.status)
                Statement.objects.filter(pk=statement.pk).update(
                    duplicate_of=first, status=statement.status
                )


def archived_format(statement: Statement) -> str:
    """The format the statement's single raw record came in, as far as it or the run
    that created the statement says."""
    run_format = statement.import_run.format if statement.import_run_id else ""
    return format_of(
        statement.raw, run_format if run_format and "," not in run_format else "unknown"
    )


def _json_safe(values: dict) -> dict:
    return json.loads(json.dumps(values, default=str))
