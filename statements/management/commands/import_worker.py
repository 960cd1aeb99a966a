import contextlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from statements.alerts.digests import send_due_digests
from statements.curation.corrections import apply_correction
from statements.worker import mark_abandoned_runs, next_correction, next_upload, run_queued


class Command(BaseCommand):
    help = (
        "Do the work editors queued in the admin, oldest first: import uploaded files and "
        "apply big bulk corrections; mail the alerts' digests when due. Runs until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Empty the queues, then stop")
        parser.add_argument("--poll", type=float, default=3.0, help="Seconds between looks")

    def handle(self, *args, once, poll, **options):
        for run in mark_abandoned_runs():
            self.stdout.write(f"run {run.pk} marked interrupted: {run.errors[-1]}")
        # Ctrl-C in `make run` stops quietly; work in progress is queued again.
        with contextlib.suppress(KeyboardInterrupt):
            self.work(once, poll)

    def work(self, once: bool, poll: float) -> None:
        digests_looked_at = None
        while True:
            if digests_looked_at is None or (
                time.monotonic() - digests_looked_at >= settings.DIGEST_CHECK_SECONDS
            ):
                self.send_digests()
                digests_looked_at = time.monotonic()
            if not (self.import_next() or self.correct_next()):
                if once:
                    return
                time.sleep(poll)

    def send_digests(self) -> None:
        counts = send_due_digests()
        if counts.sent or counts.failed or counts.unreadable:
            self.stdout.write(counts.summary)

    def import_next(self) -> bool:
        run = next_upload()
        if run is None:
            return False
        self.stdout.write(f"importing run {run.pk}: {run.path}")
        finished = run_queued(run)
        self.stdout.write(f"run {run.pk} {finished.status}: {finished.summary}")
        return True

    def correct_next(self) -> bool:
        correction = next_correction()
        if correction is None:
            return False
        self.stdout.write(f"applying bulk correction {correction.pk}: {correction}")
        finished = apply_correction(correction)
        self.stdout.write(
            f"bulk correction {correction.pk} {finished.status}: {finished.changed} changed"
        )
        return True
