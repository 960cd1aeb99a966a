from django.core.management.base import BaseCommand

from statements.curation.translations import find_translation_pairs
from statements.management.commands.find_duplicates import since_day


class Command(BaseCommand):
    help = (
        "Find statements that are versions of one another in two languages: confident pairs "
        "are linked, uncertain ones wait for editors in the admin (Translation pairs). "
        "Editors' decisions stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", type=since_day, help="Only statements published from this day (YYYY-MM-DD)"
        )

    def handle(self, *args, since, **options):
        counts = find_translation_pairs(since=since)
        self.stdout.write(
            f"read {counts['statements']} statements; new: {counts['linked']} linked, "
            f"{counts['suggested']} to review; already known {counts['known']}"
        )
