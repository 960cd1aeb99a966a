from django.core.management.base import BaseCommand, CommandError

from statements.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back the whole archive up to one file (default: var/backups/archive-<time>.dump)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write the backup")

    def handle(self, *args, path, **options):
        try:
            written = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = written.stat().st_size / 1024 / 1024
        self.stdout.write(f"Backed up to {written} ({size:.1f} MB)")
