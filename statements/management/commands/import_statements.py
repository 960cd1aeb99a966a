from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.importers.pipeline import FORMATS, import_paths, record_failed_run
from statements.importers.records import UnreadableFile


class Command(BaseCommand):
    help = (
        "Import statements from scrapes and exports. Prints what was created, updated and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files to import")
        parser.add_argument(
            "--source", help="Slug of the source (created if new); default: from the file name"
        )
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])

    def handle(self, *args, paths, source, format, **options):
        try:
            run = import_paths(paths, source_slug=source, format_name=format)
        except UnreadableFile as exc:
            record_failed_run(paths, format, str(exc))
            raise CommandError(f"{exc}. Nothing was imported.") from None
        for error in run.errors:
            self.stderr.write(error)
        self.stdout.write(run.summary)
