"""Import conflicts: a re-import that would have changed a field an editor set by hand
leaves the field as it is and keeps what the source said as a conflict (a revision not
applied, see importers.writer). An editor then keeps their value (does nothing), accepts
the source's value, or gives the field back to the importer: the source's value, and
later imports change the field again. Each choice is a revision.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from statements.curation import revisions
from statements.models import Statement, StatementRevision
from statements.search.totals import changes_the_archive

CONFLICT_NOTE = "conflict:"  # how a conflict's note starts


def conflict_note(fields: list[str]) -> str:
    return f"{CONFLICT_NOTE} the import would have changed what an editor set: " + ", ".join(
        sorted(fields)
    )


@dataclass
class Conflict:
    """A field whose source value an editor has not taken: the latest one offered."""

    revision: StatementRevision
    field: str
    offered: object  # as snapshot() gives values: dates as ISO text, links as ids
    current: object

    @property
    def offered_text(self) -> str:
        return _text(self.field, self.offered)

    @property
    def current_text(self) -> str:
        return _text(self.field, self.current)


def open_conflicts(statement: Statement) -> list[Conflict]:
    """The statement's fields an import offered another value for, still the editor's and
    still different (the latest offer of each field; once taken or given back, it closes)."""
    current = revisions.snapshot(statement)
    found, seen = [], set()
    offers = statement.revisions.filter(applied=False, note__startswith=CONFLICT_NOTE)
    for revision in offers.select_related("import_run").order_by("-created_at", "-id"):
        for name, stored in revision.fields.items():
            if name in seen or name not in current:
                continue
            seen.add(name)
            offered = revisions.comparable_stored(name, stored)
            if name in statement.editor_fields and not _taken(name, offered, current[name]):
                found.append(Conflict(revision, name, offered, current[name]))
    return found


def _taken(name: str, offered: object, current: object) -> bool:
    if name in revisions.LINK_FIELDS:  # an import offers links to add
        return set(offered or []) <= set(current or [])
    return offered == current


def find_conflict(statement: Statement, revision_id: int, field: str) -> Conflict | None:
    return next(
        (c for c in open_conflicts(statement) if c.revision.pk == revision_id and c.field == field),
        None,
    )


@changes_the_archive
def accept_source_value(
    conflict: Conflict, user: AbstractBaseUser | None, give_back: bool = False
) -> StatementRevision | None:
    """Take the source's value for the field, as an editor's change. With give_back the
    field is the importer's again: later imports change it without a conflict."""
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=conflict.revision.statement_id)
        before = revisions.snapshot(statement)
        name = conflict.field
        if name in revisions.LINK_FIELDS:
            getattr(statement, name).add(*conflict.offered)
            statement.refresh_names_text()
        else:
            field = Statement._meta.get_field(name)
            setattr(statement, name, field.to_python(conflict.offered))
            statement.save()
        run = conflict.revision.import_run_id
        source = f"import run {run}" if run else "the import"
        note = (
            f"gave {name} back to the importer (the value of {source})"
            if give_back
            else f"accepted the source's {name} (from {source})"
        )
        revision = revisions.record_edit(statement, before, user, note=note, protect=not give_back)
        if give_back:
            editor_fields = [f for f in statement.editor_fields if f != name]
            Statement.objects.filter(pk=statement.pk).update(editor_fields=editor_fields)
            if revision is None:  # the value was the source's already: say who gave it back
                revision = StatementRevision.objects.create(
                    statement=statement, fields={}, changed_by=user, note=note
                )
        return revision


def _text(name: str, value: object) -> str:
    if name in revisions.LINK_FIELDS:
        model = revisions.LINK_FIELDS[name]
        return ", ".join(model.objects.filter(pk__in=value or []).values_list("name", flat=True))
    return "" if value is None else str(value)
