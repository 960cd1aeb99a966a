"""A statement's history: what each change replaced, by whom; versions, diffs and restoring.

A revision keeps the values a change replaced (see StatementRevision), so walking the
revisions back from the statement as it is gives every earlier version of it.
"""

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import transaction
from django.db.models import OuterRef
from django.utils.html import escape
from django.utils.safestring import mark_safe

from statements.models import (
    LINK_MODELS,
    Hashtag,
    Participant,
    Role,
    Statement,
    StatementParticipant,
    StatementRevision,
)
from statements.search.totals import changes_the_archive

# What a version of a statement is: the fields an import, enrichment or editor changes.
TRACKED_FIELDS = [
    "title",
    "text",
    "status",
    "kind",
    "event_date",
    "event_date_text",
    "location",
    "language",
    "published_at",
    "source_url",
    "forwarded_from",
    "duplicate_of",
    "deleted_at_source",
]
LINK_FIELDS = {"participants": Participant, "hashtags": Hashtag}
# The participants who took part (the others linked were only mentioned), as revisions
# store it: ids, beside the links' ids.
TOOK_PART = "took_part"
# What only a sync decides (by looking at the channel): no editor restores it from a version.
SET_BY_SYNC = {"deleted_at_source"}
RESTORABLE_FIELDS = [name for name in TRACKED_FIELDS if name not in SET_BY_SYNC]
# Fields an editor's change of which a re-import must leave alone (status is never imported;
# which post a statement repeats is decided by editors under Duplicates, not re-imported).
PROTECTED_FROM_IMPORT = set(TRACKED_FIELDS) - {"status", "duplicate_of"} - SET_BY_SYNC | set(
    LINK_FIELDS
)
NOTE_LENGTH = StatementRevision._meta.get_field("note").max_length


def comparable(value: object) -> object:
    """A field's value as revisions store it (JSON): dates as ISO text."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def attribute(name: str) -> str:
    """The attribute holding a tracked field's value (a foreign key's id, not the row)."""
    return Statement._meta.get_field(name).attname


def snapshot(statement: Statement) -> dict:
    """The statement's tracked fields and link ids, as revisions store them."""
    values = {name: comparable(getattr(statement, attribute(name))) for name in TRACKED_FIELDS}
    return {**values, **links_of(statement)}


def links_of(statement: Statement) -> dict[str, list[int]]:
    """The ids of the statement's participants and hashtags, and of the participants who
    took part, as revisions store them."""
    links = {
        name: sorted(getattr(statement, name).values_list("pk", flat=True)) for name in LINK_FIELDS
    }
    took_part = took_part_links().filter(statement_id=statement.pk)
    return {**links, TOOK_PART: list(took_part.values_list("participant_id", flat=True))}


def took_part_links():
    return StatementParticipant.objects.filter(role=Role.PARTICIPANT).order_by("participant_id")


def snapshots(statement_ids: Iterable[int]) -> dict[int, dict]:
    """snapshot() of many statements, in one query (link ids as sorted arrays)."""
    links = {
        name: ArraySubquery(
            LINK_MODELS[model._meta.model_name]
            .objects.filter(statement_id=OuterRef("pk"))
            .order_by(f"{model._meta.model_name}_id")
            .values(f"{model._meta.model_name}_id")
        )
        for name, model in LINK_FIELDS.items()
    }
    links[TOOK_PART] = ArraySubquery(
        took_part_links().filter(statement_id=OuterRef("pk")).values("participant_id")
    )
    rows = Statement.objects.filter(pk__in=list(statement_ids)).values("id", *TRACKED_FIELDS)
    return {
        row["id"]: {
            **{name: comparable(row[name]) for name in TRACKED_FIELDS},
            **{name: row[f"linked_{name}"] for name in links},
        }
        for row in rows.annotate(**{f"linked_{name}": query for name, query in links.items()})
    }


def replaced_values(before: dict, after: dict) -> dict:
    return {name: value for name, value in before.items() if after.get(name) != value}


def revision_for(
    statement_id: int, before: dict, after: dict, user: AbstractBaseUser | None, note: str
) -> StatementRevision | None:
    """The unsaved revision of a change (None when nothing changed)."""
    replaced = replaced_values(before, after)
    if not replaced:
        return None
    note = (note or f"edited {', '.join(sorted(replaced))}")[:NOTE_LENGTH]
    return StatementRevision(statement_id=statement_id, fields=replaced, changed_by=user, note=note)


def record_changes(
    before: dict[int, dict], user: AbstractBaseUser | None, note: str
) -> list[StatementRevision]:
    """A revision for each statement whose values differ from `before` (its snapshots()),
    written in one query; statements deleted meanwhile have none."""
    after = snapshots(before)
    changed = [
        revision
        for pk, values in before.items()
        if pk in after and (revision := revision_for(pk, values, after[pk], user, note))
    ]
    StatementRevision.objects.bulk_create(changed)
    return changed


@contextmanager
def changes_recorded(
    statement_ids: Iterable[int], user: AbstractBaseUser | None, note: str
) -> Iterator[list[StatementRevision]]:
    """Around a change of many statements: afterwards each one it changed has a revision
    (the list yielded is filled with them). Nothing is written if the change fails."""
    before = snapshots(statement_ids)
    written: list[StatementRevision] = []
    yield written
    written.extend(record_changes(before, user, note))


def unlinked_by_editors(field: str, linked_pk: int, statement_ids: Iterable[int]) -> set[int]:
    """Of these statements, those an editor's change took the participant or hashtag off
    (a revision of theirs replaced links holding it): automation never links them again."""
    return set(
        StatementRevision.objects.filter(
            statement_id__in=list(statement_ids),
            changed_by__isnull=False,
            applied=True,
            **{f"fields__{field}__contains": [linked_pk]},
        ).values_list("statement_id", flat=True)
    )


def record_edit(
    statement: Statement,
    before: dict,
    user: AbstractBaseUser | None,
    note: str = "",
    protect: bool = True,
    reason: str = "",
) -> StatementRevision | None:
    """Keep what an editor's change replaced, with the editor's reason after its note; with
    protect, the changed fields become the editor's, which re-imports leave as they are."""
    revision = revision_for(statement.pk, before, snapshot(statement), user, note)
    if revision is None:
        return None
    if reason:
        revision.note = f"{revision.note}: {reason}"[:NOTE_LENGTH]
    revision.save()
    if protect:
        protect_fields({statement.pk: set(revision.fields)})
    return revision


def protect_fields(changed: dict[int, set]) -> None:
    """Add the changed fields to each statement's editor fields."""
    for statement in Statement.objects.filter(pk__in=changed).only("pk", "editor_fields"):
        names = changed[statement.pk] & PROTECTED_FROM_IMPORT
        if names - set(statement.editor_fields):
            Statement.objects.filter(pk=statement.pk).update(
                editor_fields=sorted(set(statement.editor_fields) | names)
            )


@dataclass
class Version:
    """The statement as it was until `revision` replaced it (revision None: as it is now)."""

    number: int
    revision: StatementRevision | None
    values: dict

    @property
    def label(self) -> str:
        if self.revision is None:
            return "Current version"
        when = f"{self.revision.created_at:%Y-%m-%d %H:%M}"
        return f"Version {self.number}, until {when} ({author(self.revision)})"


def author(revision: StatementRevision) -> str:
    """Who made a change: the editor, else the import run, else "an import"."""
    return str(revision.changed_by or revision.import_run or "an import")


def versions(statement: Statement) -> list[Version]:
    """Every version, newest first: the current one, then the one each change replaced."""
    values = snapshot(statement)
    found = [Version(0, None, values)]
    applied = statement.revisions.filter(applied=True).select_related("changed_by", "import_run")
    revisions = list(applied.order_by("-created_at", "-id"))
    for number, revision in enumerate(revisions):
        known = {k: v for k, v in revision.fields.items() if k in values}
        values = {**values, **{name: comparable_stored(name, v) for name, v in known.items()}}
        found.append(Version(len(revisions) - number, revision, values))
    return found


def comparable_stored(name: str, value: object) -> object:
    """A stored revision value as snapshot() gives it (older imports stored dates as str())."""
    if value is None or name in LINK_FIELDS or name == TOOK_PART:
        return value
    field = Statement._meta.get_field(name)
    if field.get_internal_type() in ("DateField", "DateTimeField") and isinstance(value, str):
        return comparable(field.to_python(value))
    return value


@dataclass
class FieldDifference:
    name: str
    older: object
    newer: object
    html: str


def differences(older: dict, newer: dict) -> list[FieldDifference]:
    """The fields that differ between two versions, texts as word-level marked-up diffs."""
    found = []
    for name in [*TRACKED_FIELDS, *LINK_FIELDS, TOOK_PART]:
        a, b = older.get(name), newer.get(name)
        if a == b:
            continue
        if name in LINK_FIELDS or name == TOOK_PART:
            a, b = _names(name, a), _names(name, b)
        elif name == "duplicate_of":
            a, b = _statement(a), _statement(b)
        found.append(FieldDifference(name, a, b, word_diff(_text(a), _text(b))))
    return found


def _names(name: str, pks) -> str:
    model = LINK_FIELDS.get(name, Participant)
    return ", ".join(model.objects.filter(pk__in=pks or []).values_list("name", flat=True))


def _statement(pk: int | None) -> str | None:
    """A statement another one repeats, as editors know it: its id and title."""
    if pk is None:
        return None
    found = Statement.objects.filter(pk=pk).first()
    return f"Statement {pk}: {found}" if found else f"Statement {pk} (deleted)"


def _text(value) -> str:
    return "" if value is None else str(value)


def word_diff(older: str, newer: str) -> str:
    """HTML of the newer text with removed words in <del> and added ones in <ins>."""
    a, b = older.split(" "), newer.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if tag in ("replace", "insert"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
        if tag == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
    return mark_safe(" ".join(parts))  # noqa: S308 - every part is escaped above


@changes_the_archive
def restore(
    statement: Statement,
    version: Version,
    user: AbstractBaseUser | None,
    fields: Iterable[str] | None = None,
) -> StatementRevision | None:
    """Put an earlier version's values back (all, or only the named fields), as an editor's
    change (itself a revision). Links to what no longer exists (a participant merged away,
    a deleted statement) are not made again."""
    restorable = [*RESTORABLE_FIELDS, *LINK_FIELDS, TOOK_PART]
    names = restorable if fields is None else list(fields)
    unknown = set(names) - set(restorable)
    if unknown:
        raise ValueError(f"not a field an editor restores: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        before = snapshot(statement)
        put_back(statement, {name: version.values[name] for name in names})
        label = version.label.replace("Version", "version", 1)
        what = "" if fields is None else f"{', '.join(names)} of "
        return record_edit(statement, before, user, note=f"restored {what}{label}")


def put_back(statement: Statement, values: dict) -> None:
    """Set the statement's tracked fields and links to these values as revisions store them,
    and save it. Links to what no longer exists (a participant merged away, a deleted
    statement) are not made again."""
    for name in [name for name in TRACKED_FIELDS if name in values]:
        value = Statement._meta.get_field(name).to_python(values[name])
        if name == "duplicate_of" and not _restorable_copy_link(statement, value):
            continue
        setattr(statement, attribute(name), value)
    statement.save()
    for name in [name for name in LINK_FIELDS if name in values]:
        existing = LINK_FIELDS[name].objects.filter(pk__in=values[name] or [])
        getattr(statement, name).set(existing.values_list("pk", flat=True))
    if TOOK_PART in values:
        put_back_roles(statement, values[TOOK_PART] or [])
    statement.refresh_names_text()


def put_back_roles(statement: Statement, took_part: list[int]) -> None:
    """The roles of a version, as an editor's choice (re-linking leaves them)."""
    links = StatementParticipant.objects.filter(statement=statement)
    took, mentioned = (
        links.filter(participant_id__in=took_part),
        links.exclude(participant_id__in=took_part),
    )
    took.exclude(role=Role.PARTICIPANT).update(role=Role.PARTICIPANT, role_set_by_editor=True)
    mentioned.exclude(role=Role.MENTIONED).update(role=Role.MENTIONED, role_set_by_editor=True)


def _restorable_copy_link(statement: Statement, canonical_pk: int | None) -> bool:
    """Whether the statement can again repeat this one (it exists and is not itself)."""
    if canonical_pk is None:
        return True
    return canonical_pk != statement.pk and Statement.objects.filter(pk=canonical_pk).exists()


def applied_count(statement_id: int) -> int:
    """How many changes the statement has had: what a form based on it remembers, so that
    a save based on an older version can be told apart."""
    return StatementRevision.objects.filter(statement_id=statement_id, applied=True).count()


@dataclass
class ChangeMeanwhile:
    """What others changed since a version an editor started from."""

    revisions: list[StatementRevision]
    differences: list[FieldDifference]


def changes_since(statement: Statement, seen: int) -> ChangeMeanwhile | None:
    """The changes after the first `seen` ones (applied_count), newest first, and the
    fields they changed as they were then and are now; None when there are none."""
    applied = statement.revisions.filter(applied=True).select_related("changed_by", "import_run")
    newer = list(applied.order_by("-created_at", "-id")[: max(applied.count() - seen, 0)])
    if not newer:
        return None
    now = snapshot(statement)
    then = dict(now)
    for revision in newer:
        then.update({k: comparable_stored(k, v) for k, v in revision.fields.items() if k in then})
    return ChangeMeanwhile(newer, differences(then, now))
