"""Undoing an import run as a whole: the statements it created are hidden, the values its
updates replaced (the participants and hashtags they linked too) are put back; each
statement's change is a revision by the editor who undid the run. A field changed again
after the run (by an editor, a later import) keeps its newer value: undoing a run never
undoes what came after it."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from statements.curation import revisions
from statements.models import ImportRun, Statement, StatementRevision
from statements.search.totals import changes_the_archive


@dataclass
class Undone:
    hidden: int = 0  # statements the run created, now hidden
    reverted: int = 0  # statements the run updated, their earlier values back
    kept: int = 0  # fields changed again since the run, left as they are

    @property
    def summary(self) -> str:
        text = f"hid {self.hidden} statements it created, reverted {self.reverted} it updated"
        if self.kept:
            text += f"; kept {self.kept} fields changed again since"
        return text


class CannotUndo(ValueError):
    pass


@changes_the_archive
def undo_run(run: ImportRun, user: AbstractBaseUser | None) -> Undone:
    """Undo what the run did to the archive; raises CannotUndo for a preview, a run not
    finished or one undone already."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.dry_run:
            raise CannotUndo("A preview wrote nothing; there is nothing to undo.")
        if run.undone_at:
            raise CannotUndo(f"This import was undone on {run.undone_at:%Y-%m-%d %H:%M}.")
        if run.status not in (ImportRun.Status.FINISHED, ImportRun.Status.FAILED):
            raise CannotUndo("This import has not finished yet.")
        note = f"import run {run.pk} undone"
        undone = Undone(hidden=hide_created(run, user, note))
        for revision in run.revisions.filter(applied=True).order_by("-id"):
            undone.kept += revert(revision, user, note)
            undone.reverted += 1
        run.undone_at = timezone.now()
        run.undone_by = user
        run.save(update_fields=["undone_at", "undone_by"])
    return undone


def hide_created(run: ImportRun, user: AbstractBaseUser | None, note: str) -> int:
    """Hide the statements the run created, with a revision each; returns how many."""
    shown = run.created_statements.exclude(status=Statement.Status.HIDDEN)
    ids = list(shown.values_list("pk", flat=True))
    before = revisions.snapshots(ids)
    Statement.objects.filter(pk__in=ids).update(
        status=Statement.Status.HIDDEN, updated_at=timezone.now()
    )
    after = revisions.snapshots(ids)
    StatementRevision.objects.bulk_create(
        revision
        for pk in ids
        if (revision := revisions.revision_for(pk, before[pk], after[pk], user, note))
    )
    return len(ids)


def revert(revision: StatementRevision, user: AbstractBaseUser | None, note: str) -> int:
    """Put back the values an import's update replaced, but those changed since; returns
    how many were kept."""
    statement = Statement.objects.select_for_update().get(pk=revision.statement_id)
    later = statement.revisions.filter(applied=True, pk__gt=revision.pk).values_list(
        "fields", flat=True
    )
    changed_since = set().union(*(set(fields) for fields in later))
    values = {k: v for k, v in revision.fields.items() if k not in changed_since}
    before = revisions.snapshot(statement)
    if values:
        revisions.put_back(statement, values)
    revisions.record_edit(statement, before, user, note=note)
    return len(revision.fields) - len(values)
