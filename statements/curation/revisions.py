"""A statement's history: what each change replaced, by whom; versions, diffs and restoring.

A revision keeps the values a change replaced (see StatementRevision), so walking the
revisions back from the statement as it is gives every earlier version of it.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

from statements.models import LINK_MODELS, Hashtag, Participant, Statement, StatementRevision
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
]
LINK_FIELDS = {"participants": Participant, "hashtags": Hashtag}
# Fields an editor's change of which a re-import must leave alone (status is never imported).
PROTECTED_FROM_IMPORT = set(TRACKED_FIELDS) - {"status"} | set(LINK_FIELDS)


def comparable(value: object) -> object:
    """A field's value as revisions store it (JSON): dates as ISO text."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(statement: Statement) -> dict:
    """The statement's tracked fields and link ids, as revisions store them."""
    values = {name: comparable(getattr(statement, name)) for name in TRACKED_FIELDS}
    for name in LINK_FIELDS:
        values[name] = sorted(getattr(statement, name).values_list("pk", flat=True))
    return values


def snapshots(statement_ids: Iterable[int]) -> dict[int, dict]:
    """snapshot() of many statements in three queries."""
    found = {
        row["id"]: {name: comparable(row[name]) for name in TRACKED_FIELDS}
        for row in Statement.objects.filter(pk__in=statement_ids).values("id", *TRACKED_FIELDS)
    }
    for values in found.values():
        values.update({name: [] for name in LINK_FIELDS})
    for name, model in LINK_FIELDS.items():
        column = f"{model._meta.model_name}_id"
        for statement_id, linked in (
            LINK_MODELS[model._meta.model_name]
            .objects.filter(statement_id__in=found)
            .values_list("statement_id", column)
        ):
            found[statement_id][name].append(linked)
    for values in found.values():
        for name in LINK_FIELDS:
            values[name].sort()
    return found


def replaced_values(before: dict, after: dict) -> dict:
    return {name: value for name, value in before.items() if after.get(name) != value}


def revision_for(
    statement_id: int, before: dict, after: dict, user: AbstractBaseUser | None, note: str
) -> StatementRevision | None:
    """The unsaved revision of a change (None when nothing changed)."""
    replaced = replaced_values(before, after)
    if not replaced:
        return None
    note = note or f"edited {', '.join(sorted(replaced))}"
    return StatementRevision(statement_id=statement_id, fields=replaced, changed_by=user, note=note)


def record_edit(
    statement: Statement,
    before: dict,
    user: AbstractBaseUser | None,
    note: str = "",
    protect: bool = True,
) -> StatementRevision | None:
    """Keep what an editor's change replaced; with protect, the changed fields become the
    editor's, which re-imports leave as they are."""
    revision = revision_for(statement.pk, before, snapshot(statement), user, note)
    if revision is None:
        return None
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
        who = self.revision.changed_by or self.revision.import_run or "an import"
        return f"Version {self.number}, until {self.revision.created_at:%Y-%m-%d %H:%M} ({who})"


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
    if value is None or name in LINK_FIELDS:
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
    for name in [*TRACKED_FIELDS, *LINK_FIELDS]:
        a, b = older.get(name), newer.get(name)
        if a == b:
            continue
        if name in LINK_FIELDS:
            a, b = _names(name, a), _names(name, b)
        found.append(FieldDifference(name, a, b, word_diff(_text(a), _text(b))))
    return found


def _names(name: str, pks) -> str:
    model = LINK_FIELDS[name]
    return ", ".join(model.objects.filter(pk__in=pks or []).values_list("name", flat=True))


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
    statement: Statement, version: Version, user: AbstractBaseUser | None
) -> StatementRevision | None:
    """Put an earlier version's values back, as an editor's change (itself a revision)."""
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        before = snapshot(statement)
        for name in TRACKED_FIELDS:
            field = Statement._meta.get_field(name)
            setattr(statement, name, field.to_python(version.values[name]))
        statement.save()
        for name in LINK_FIELDS:
            getattr(statement, name).set(version.values[name] or [])
        statement.refresh_names_text()
        label = version.label.replace("Version", "version", 1)
        return record_edit(statement, before, user, note=f"restored {label}")
