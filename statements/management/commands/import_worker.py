import contextlib
import time

from django.core.management.base import BaseCommand

from statements.imports import run_queued, take_next_queued


class Command(BaseCommand):
    help = "Import the files editors uploaded in the admin, oldest first. Runs until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Empty the queue, then stop")
        parser.add_argument("--poll", type=float, default=3.0, help="Seconds between looks")

    def handle(self, *args, once, poll, **options):
        # Ctrl-C in `make run` stops quietly; a run in progress is queued again.
        with contextlib.suppress(KeyboardInterrupt):
            self.work(once, poll)

    def work(self, once: bool, poll: float) -> None:
        while True:
            run = take_next_queued()
            if run is None:
                if once:
                    return
                time.sleep(poll)
                continue
            self.stdout.write(f"importing run {run.pk}: {run.path}")
            finished = run_queued(run)
            self.stdout.write(f"run {run.pk} {finished.status}: {finished.summary}")
