import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.curation.participants import InvalidParticipants, upsert_participants


class Command(BaseCommand):
    help = (
        'Create or update participants from a JSON list of {"name", "aliases", "role", "country"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            entries = json.loads(file.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise CommandError(f"{file}: cannot be read ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: is not UTF-8 text (offset {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{file}: line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        try:
            counts = upsert_participants(entries)
        except InvalidParticipants as exc:
            raise CommandError(f"{file}: {exc}. Nothing was imported.") from None
        self.stdout.write(
            "created {created}, updated {updated}, unchanged {unchanged}; "
            "{linked} new links to statements".format(**counts)
        )
