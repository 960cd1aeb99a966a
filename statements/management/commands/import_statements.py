import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.importers.counts import ImportCounts
from statements.importers.records import UnreadableFile
from statements.importers.registry import FORMATS
from statements.importers.run import import_paths, record_failed_run
from statements.models import Source


class Command(BaseCommand):
    help = (
        "Import statements from Telegram exports (JSON, HTML), saved t.me/s pages, web-preview "
        "scrapes, JSON Lines and CSV. Prints what was created, updated and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files or folders to import")
        parser.add_argument(
            "--source", help="Slug of the source every statement goes to (default: from the file)"
        )
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument(
            "--timezone",
            default="UTC",
            help="Time zone of times the file gives without one (old Telegram exports write "
            "the exporting computer's local time), e.g. Europe/Moscow. Default: UTC",
        )

    def handle(self, *args, paths, source, format, timezone, **options):
        if source and not Source.objects.filter(slug=source).exists():
            Source.objects.create(slug=source, name=source.replace("-", " ").title())
        try:
            run = import_paths(
                paths,
                source_slug=source,
                format_name=format,
                timezone_name=timezone,
                progress=self.show_progress if sys.stderr.isatty() else None,
            )
        except UnreadableFile as exc:
            record_failed_run(paths, format, str(exc))
            raise CommandError(f"{exc}. Nothing was imported.") from None
        if sys.stderr.isatty():
            self.stderr.write("\r" + " " * 70 + "\r", ending="")
        for error in run.errors:
            self.stderr.write(error)
        self.stdout.write(run.summary)
        if run.status == run.Status.FAILED:
            raise CommandError("Some files could not be imported (see above).")

    def show_progress(self, counts: ImportCounts):
        self.stderr.write(f"\r  {counts.records:,} records: {counts.summary}"[:78], ending="")
        self.stderr.flush()
