from django.core.management.base import BaseCommand, CommandError

from statements.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the archive with a backup made by `manage.py backup` (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file")
        parser.add_argument("--yes", action="store_true", help="Replace the archive without asking")

    def handle(self, *args, path, yes, **options):
        if not yes:
            answer = input(f"Replace everything in the archive with {path}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the archive from {path}")
