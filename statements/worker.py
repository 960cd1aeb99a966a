"""The queue of work editors ask for in the admin: uploaded files and big corrections.

An editor uploads a file, to preview (a dry run: what the import would do, nothing
written) or to import; small files are taken at once, bigger ones are
queued for `manage.py import_worker`, which takes runs oldest first (several
workers never take the same run) and writes their progress where the admin
can see it while the import's own transaction is still open. Big bulk corrections
(curation.corrections) wait in the same way and are applied by the same worker.

While it imports, the worker writes a heartbeat on the run. A running import whose
heartbeat stopped (its worker was killed) is marked interrupted; nothing of it was
written (each file is one transaction), and an editor can queue it again.
"""

import logging
import threading
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone

from statements.importers.counts import ImportCounts
from statements.importers.records import UnreadableFile
from statements.importers.registry import open_records
from statements.importers.run import import_paths
from statements.importers.sources import new_source_names
from statements.models import BulkCorrection, ImportRun, QueueStatus, Source

logger = logging.getLogger(__name__)


def queue_upload(
    upload: File,
    *,
    source: Source | None = None,
    format_name: str = "auto",
    timezone_name: str = "UTC",
    user: AbstractBaseUser | None = None,
    inline: bool = False,
    dry_run: bool = False,
    original_name: str | None = None,
    new_sources_confirmed: bool = False,
) -> ImportRun:
    """A run for an uploaded file (or one uploaded before, by its stored name): queued for
    the worker, or (inline) already running here. Its path is the name the file had on
    the editor's computer."""
    return ImportRun.objects.create(
        status=ImportRun.Status.RUNNING if inline else ImportRun.Status.QUEUED,
        upload=upload,
        path=original_name or Path(upload.name).name,
        dry_run=dry_run,
        outcome={
            **({"source_chosen": True} if source else {}),
            **({"new_sources_confirmed": True} if new_sources_confirmed else {}),
        },
        format=format_name,
        requested_format=format_name,
        timezone=timezone_name,
        source=source,
        requested_by=user,
    )


def run_queued(run: ImportRun) -> ImportRun:
    """Import a queued run's file into the run itself; returns it finished or failed.

    An import that would create a source no editor chose (nor confirmed on its preview)
    is a preview instead: an editor is asked before a new source is made."""
    run.status, run.heartbeat_at = ImportRun.Status.RUNNING, timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(status=run.status, heartbeat_at=run.heartbeat_at)
    reporter = ProgressReporter(run.pk)
    heartbeat = Heartbeat(run.pk)
    try:
        if would_create_sources_unasked(run):
            run.dry_run = True
            run.outcome = {**run.outcome, "stopped_for_new_sources": True}
        return import_paths(
            [run.upload.path],
            source_slug=run.source.slug if run.source else None,
            format_name=run.requested_format or "auto",
            timezone_name=run.timezone,
            progress=reporter,
            run=run,
            # Named after the file as the editor had it, not as storage renamed it.
            fallback_name=Path(run.path).stem,
            new_sources_need_review=True,
            dry_run=run.dry_run,
        )
    except (KeyboardInterrupt, SystemExit):
        # The worker was stopped part way: the file's transaction rolled back; run it again later.
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.QUEUED, progress="interrupted: will start again"
        )
        raise
    except Exception as exc:  # noqa: BLE001 - any failure ends this run, not the worker
        if not isinstance(exc, UnreadableFile):
            logger.exception("Import run %s failed", run.pk)
        run.refresh_from_db()
        run.status = ImportRun.Status.FAILED
        run.errors = [*run.errors, f"{exc}. Nothing was imported."]
        run.failed += 1
        run.finished_at = timezone.now()
        run.save()
        return run
    finally:
        heartbeat.stop()
        reporter.close()


def would_create_sources_unasked(run: ImportRun) -> bool:
    """Whether a real import with no source chosen would create one nobody confirmed."""
    if run.dry_run or run.source_id or run.outcome.get("new_sources_confirmed"):
        return False
    try:
        _, records = open_records(
            Path(run.upload.path), run.requested_format or "auto", ZoneInfo(run.timezone)
        )
        return bool(new_source_names(records, Path(run.path).stem))
    except Exception:  # noqa: BLE001 - a file that cannot be read fails in the import, with its reason
        return False


class ProgressReporter:
    """Writes a run's progress through a connection of its own, so it shows at once."""

    EVERY_SECONDS = 1.0

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.connection = connections.create_connection("default")
        self.last = 0.0

    def __call__(self, counts: ImportCounts) -> None:
        if time.monotonic() - self.last < self.EVERY_SECONDS:
            return
        self.last = time.monotonic()
        done = counts.records
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportRun._meta.db_table} SET progress = %s WHERE id = %s",
                [f"{done:,} records so far: {counts.summary}"[:200], self.run_id],
            )

    def close(self) -> None:
        self.connection.close()


class Heartbeat:
    """Writes `heartbeat_at` on a run every IMPORT_HEARTBEAT_SECONDS, from a thread and a
    connection of its own (so it shows while the import's transaction is open), until
    stopped. A killed worker's heartbeat stops with it."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)
        self.thread.start()

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(settings.IMPORT_HEARTBEAT_SECONDS):
                ImportRun.objects.filter(pk=self.run_id, status=ImportRun.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def mark_abandoned_runs() -> list[ImportRun]:
    """Mark interrupted the running imports whose heartbeat stopped longer ago than
    IMPORT_ABANDONED_AFTER_SECONDS, each with a message; returns them."""
    limit = settings.IMPORT_ABANDONED_AFTER_SECONDS
    now = timezone.now()
    with transaction.atomic():
        runs = list(
            ImportRun.objects.select_for_update(skip_locked=True).filter(
                status=ImportRun.Status.RUNNING, heartbeat_at__lt=now - timedelta(seconds=limit)
            )
        )
        for run in runs:
            run.status = ImportRun.Status.INTERRUPTED
            run.progress = "interrupted: its worker stopped"
            run.finished_at = now
            run.errors = [
                *run.errors,
                f"Interrupted: the worker stopped working on it (no heartbeat since "
                f"{run.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC, more than {limit} seconds). "
                "Nothing of it was imported; re-queue it to import the file again.",
            ]
            run.save()
    return runs


class CannotRequeue(Exception):
    """The run cannot be queued again; the message says why."""


def requeue(run: ImportRun) -> ImportRun:
    """Queue an interrupted run again, for the worker to import its file from the start."""
    if run.status != ImportRun.Status.INTERRUPTED:
        raise CannotRequeue(f"{run} is {run.get_status_display().lower()}, not interrupted")
    if not run.upload or not run.upload.storage.exists(run.upload.name):
        raise CannotRequeue(f"the file of {run} is no longer stored; upload it again to import it")
    run.status = ImportRun.Status.QUEUED
    run.outcome = {
        **run.outcome,
        "requeued_after": [*run.outcome.get("requeued_after", []), *run.errors],
    }
    run.errors = []
    run.progress = "queued again after an interruption"
    run.heartbeat_at = None
    run.finished_at = None
    run.save()
    return run


def next_upload() -> ImportRun | None:
    """The oldest queued import run, marked running; None when there is none."""
    return _take_next(ImportRun, oldest_first="started_at")


def next_correction() -> BulkCorrection | None:
    """The oldest queued bulk correction, marked running; None when there is none."""
    return _take_next(BulkCorrection, oldest_first="created_at")


def _take_next(
    model: type[ImportRun | BulkCorrection], oldest_first: str
) -> ImportRun | BulkCorrection | None:
    """The oldest queued work of the model, marked running; None when the queue is
    empty. Several workers never take the same one."""
    with transaction.atomic():
        work = (
            model.objects.select_for_update(skip_locked=True)
            .filter(status=QueueStatus.QUEUED)
            .order_by(oldest_first, "pk")
            .first()
        )
        if work is not None:
            work.status = QueueStatus.RUNNING
            work.save(update_fields=["status"])
        return work
