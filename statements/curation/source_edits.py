"""The source's own edits of a post, as a reader sees them on the statement's page: each
earlier version as a word-level diff against what replaced it, with human labels and
readable values, dated by the source's edit time where it is known.

Editors' and curation's changes are not the source's: they stay in the admin's history.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime

from statements.curation.conflicts import CONFLICT_NOTE
from statements.curation.revisions import LINK_FIELDS, word_diff
from statements.models import Statement, StatementRevision
from statements.vocabulary import LANGUAGES, Kind

# What a reader is shown of a version, in this order, under these labels. Anything else a
# revision holds (the raw record, hashes, views, the edit time itself) is not a change of
# what the post says.
LABELS = {
    "title": "Title",
    "text": "Text",
    "kind": "Kind",
    "event_date": "Event date",
    "event_date_text": "Event date (as written)",
    "location": "Place",
    "published_at": "Published",
    "language": "Language",
    "forwarded_from": "Forwarded from",
    "source_url": "Original",
    "links": "Links in the post",
    "mentions": "Mentions",
    "media": "Media",
    "participants": "People",
    "hashtags": "Hashtags",
}


@dataclass(frozen=True)
class ChangedField:
    label: str
    diff: str  # HTML: the newer value with removed words in <del>, added ones in <ins>


@dataclass(frozen=True)
class SourceEdit:
    """One earlier version: what changed from it to the version after it, and when.
    edited_at: the source's edit that replaced it (None when unknown); imported_at: when the
    archive learned of it; applied: False for a version an older export held (kept, never
    put in place), dated by its own edit time."""

    changes: tuple[ChangedField, ...]
    edited_at: datetime | None
    imported_at: datetime
    applied: bool


def source_revisions(statement: Statement):
    """The revisions an import wrote of the source's versions (not editors' changes, nor a
    sync's mark of a post deleted at the source)."""
    return (
        statement.revisions.filter(Q(import_run__isnull=False) | ~Q(import_hash=""))
        .exclude(fields__has_key="deleted_at_source")
        .exclude(note__startswith=CONFLICT_NOTE)
    )


def source_edits(statement: Statement) -> list[SourceEdit]:
    """The source's earlier versions of the statement, newest first, each compared with the
    values that replaced it (the next revision's, or the statement's as it is)."""
    shown = set(source_revisions(statement).values_list("pk", flat=True))
    newer: dict = {}  # field → the value that replaced the one a revision holds
    edits = []
    for revision in statement.revisions.order_by("-created_at", "-id"):
        if revision.pk in shown:
            edits.append(_edit(statement, revision, newer))
        if revision.applied:
            newer.update(revision.fields)
    return [edit for edit in edits if edit.changes]


def _edit(statement: Statement, revision: StatementRevision, newer: dict) -> SourceEdit:
    def after(name: str):
        return newer[name] if name in newer else _current(statement, name)

    changes = []
    for name, label in LABELS.items():
        if name not in revision.fields:
            continue
        older, current = readable(name, revision.fields[name]), readable(name, after(name))
        if older != current:
            changes.append(ChangedField(label, word_diff(older, current)))
    if revision.applied:
        edited_at = _moment(after("edited_at")) if "edited_at" in revision.fields else None
    else:  # an older export's version: dated by its own edit time, if it was edited
        edited_at = _moment(revision.fields.get("edited_at"))
    return SourceEdit(tuple(changes), edited_at, revision.created_at, revision.applied)


def _current(statement: Statement, name: str):
    if name in LINK_FIELDS:
        return list(getattr(statement, name).values_list("pk", flat=True))
    return getattr(statement, name)


def readable(name: str, value) -> str:
    """A field's value as a reader reads it: names for kinds, languages, people and tags;
    dates written out; lists one item after another."""
    if value in (None, "", []):
        return ""
    if name in LINK_FIELDS:
        names = LINK_FIELDS[name].objects.filter(pk__in=value).values_list("name", flat=True)
        return ", ".join(sorted(names))
    if name == "kind":
        return str(dict(Kind.choices).get(value, value))
    if name == "language":
        return LANGUAGES.get(value, value)
    if name == "published_at":
        moment = _moment(value)
        return f"{moment:%-d %B %Y, %H:%M} UTC" if moment else str(value)
    if name == "event_date":
        day = value if isinstance(value, date) else parse_date(str(value))
        return f"{day:%-d %B %Y}" if day else str(value)
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value)


def _moment(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    return parse_datetime(value) if isinstance(value, str) else None
