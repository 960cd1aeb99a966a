"""What an import did beyond its counts, kept on its run (`ImportRun.outcome`): the sources
it created and, for a preview (a dry run, rolled back afterwards), the statements it would
create, update or leave to an editor (conflicts), read before the rollback."""

from statements.curation.conflicts import CONFLICT_NOTE
from statements.curation.revisions import LINK_FIELDS, TRACKED_FIELDS
from statements.models import ImportRun, Source, Statement, StatementRevision

# Listed by name in a preview; the counts say how many there are in all.
PREVIEW_LIMIT = 200


def add_new_sources(run: ImportRun, sources: list[Source]) -> None:
    """Note the sources a file's records made (an editor is warned of each)."""
    if sources:
        known = run.outcome.get("new_sources", [])
        run.outcome = {
            **run.outcome,
            "new_sources": [
                *known,
                *(
                    {"name": s.name, "slug": s.slug, "needs_review": s.needs_review}
                    for s in sources
                ),
            ],
        }


def would_do(run: ImportRun) -> dict:
    """What the run has written so far (inside its transaction): the statements it
    created, those it updated and those whose editor-set fields it left alone."""
    created = (
        Statement.objects.filter(import_run=run)
        .select_related("source")
        .order_by("pk")[:PREVIEW_LIMIT]
    )
    revisions = StatementRevision.objects.filter(import_run=run).select_related("statement")
    return {
        "created": [
            {
                "title": statement.display_title[:120],
                "source": statement.source.name,
                "status": statement.get_status_display(),
                "published_at": f"{statement.published_at:%Y-%m-%d %H:%M} UTC"
                if statement.published_at
                else None,
                "copy_of": statement.duplicate_of_id,
            }
            for statement in created
        ],
        "updated": _changed(revisions.filter(applied=True)),
        "conflicts": _changed(revisions.filter(applied=False, note__startswith=CONFLICT_NOTE)),
    }


def _changed(revisions) -> list[dict]:
    return [
        {
            "statement": revision.statement_id,
            # As the archive has it now (before an update: the title it replaced).
            "title": (revision.fields.get("title") or revision.statement.display_title)[:120],
            # What an editor knows a statement by (not its hashes or raw record).
            "fields": sorted(set(revision.fields) & {*TRACKED_FIELDS, *LINK_FIELDS}),
        }
        for revision in revisions.order_by("statement_id")[:PREVIEW_LIMIT]
    ]
