"""One post, several renderings: a JSON export, an HTML export and the web preview can each
give the same version of a post, some with less of it (no edit time, no links, a sticker
drawn as a photo). What decides whether an incoming rendering says something else, whether
it is an older version, and what of it the archive takes: a field is filled in or
corrected, never degraded. Each format's raw record is kept."""

from datetime import datetime
from typing import Any

from statements.models import Statement

# What a post says: a rendering that differs in these is another version of it.
SAYS = ("title", "text", "published_at", "links")
# Read from the words: they go with the words, whatever they are.
FOLLOW_THE_WORDS = (
    "kind",
    "language",
    "event_date",
    "event_date_text",
    "location",
    "content_hash",
    "text_fingerprint",
)
# Formats whose records say when a post was edited: a record of one without an edit time
# is the post as published. The others cannot say (no edit time is not "older").
TELLS_EDITS = {"telegram-json"}
# A media kind the other is a poorer rendering of: an HTML export draws a sticker it did
# not download as a photo, an animation as a video; "document" is a file of any kind.
RENDERED_AS = {
    "sticker": {"photo", "document"},
    "animation": {"video", "document"},
    "photo": {"document"},
    "video": {"document"},
    "audio": {"document"},
}
# Several raw records of one post, by the format each came in.
BY_FORMAT = "by_format"


def words(value: str) -> str:
    """Text as compared between renderings: one export keeps line breaks another turns
    into spaces; case and spacing are not what a post says."""
    return " ".join(value.split()).casefold()


def says_something_else(statement: Statement, fields: dict) -> bool:
    """Whether the incoming rendering differs from the archived post in its words, title,
    date (to the minute) or links. Fields an editor set are the editor's (not compared);
    what a rendering does not give (no date, no links) is no difference."""
    compared = [name for name in SAYS if name not in statement.editor_fields]
    return any(_differs(name, getattr(statement, name), fields[name]) for name in compared)


def _differs(name: str, archived: Any, incoming: Any) -> bool:
    if name in ("title", "text"):
        return words(archived) != words(incoming)
    if name == "published_at":
        return incoming is not None and _minute(archived) != _minute(incoming)
    return bool(incoming) and set(archived) != set(incoming)  # links


def _minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0) if moment else None


def version_time(fields: dict, record_format: str) -> datetime | None:
    """When the incoming version was current, as far as its file says: its edit time; its
    publication when its format would have told an edit; else unknown."""
    if fields["edited_at"] is not None:
        return fields["edited_at"]
    return fields["published_at"] if record_format in TELLS_EDITS else None


def is_older_version(statement: Statement, fields: dict, record_format: str) -> bool:
    """Whether the incoming version predates the archived one, by the dates both carry."""
    incoming = version_time(fields, record_format)
    return None not in (statement.edited_at, incoming) and incoming < statement.edited_at


def is_newer_version(statement: Statement, fields: dict, record_format: str) -> bool:
    """Whether the incoming version is a later one: it says something else (and is not
    older), or its file dates it after the archived edit."""
    if says_something_else(statement, fields):
        return True
    incoming = version_time(fields, record_format)
    return None not in (statement.edited_at, incoming) and incoming > statement.edited_at


def taken_fields(statement: Statement, fields: dict, newer: bool) -> dict:
    """The incoming fields that change the archived statement: those of a newer version,
    but never emptied (a rendering without links or an edit time has not removed them);
    of the same version, only what the archive lacks. A media kind is never replaced by
    a poorer rendering of it, nor an album's count by a smaller one of the same version."""
    taken = {}
    for name, incoming in fields.items():
        archived = getattr(statement, name)
        if name == "raw":
            continue
        if name == "media":
            value = _media_taken(archived, incoming, newer)
        elif name == "media_count":
            value = incoming if newer and incoming else max(archived, incoming)
        elif newer and (name in FOLLOW_THE_WORDS or name in ("title", "text")):
            value = incoming
        elif _is_empty(incoming) or not (newer or _is_empty(archived)):
            value = archived
        else:
            value = incoming
        if value != archived:
            taken[name] = value
    return taken


def _media_taken(archived: str, incoming: str, newer: bool) -> str:
    if not incoming or incoming in RENDERED_AS.get(archived, ()):
        return archived
    if newer or archived in ("", "unknown") or archived in RENDERED_AS.get(incoming, ()):
        return incoming
    return archived


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == 0


def format_of(raw: Any, fallback: str) -> str:
    """The format a single raw record came in: its own "format" key (an album's items'),
    else `fallback`."""
    if isinstance(raw, dict):
        album = raw.get("album")
        first = album[0] if isinstance(album, list) and album else raw
        if isinstance(first, dict) and isinstance(first.get("format"), str):
            return first["format"]
    return fallback


def raw_records(raw: Any, fallback_format: str) -> dict[str, Any]:
    """The statement's raw records, by the format each came in."""
    if isinstance(raw, dict) and set(raw) == {BY_FORMAT}:
        return dict(raw[BY_FORMAT])
    if raw in (None, {}):
        return {}
    return {format_of(raw, fallback_format): raw}


def merged_raw(
    archived: Any, archived_format: str, incoming: Any, incoming_format: str, replace: bool
) -> Any:
    """The raw records with the incoming one kept too: one per format (the incoming
    replaces its format's earlier record when `replace`); a single record stays as it is."""
    records = raw_records(archived, archived_format)
    if replace or incoming_format not in records:
        records[incoming_format] = incoming
    if len(records) == 1:
        return next(iter(records.values()))
    return {BY_FORMAT: records}
