from datetime import date

from django.core.management.base import BaseCommand, CommandError

from statements.curation.duplicates import find_duplicate_groups


def since_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r} is not a date (use YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Find groups of statements with the same or nearly the same words, for editors "
        "to confirm or split in the admin (Duplicate groups). Decisions stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=float, default=3, help="Near duplicates at most this far apart"
        )
        parser.add_argument(
            "--threshold",
            type=float,
            default=0.8,
            help="How alike near duplicates are: shared word triples, 0 to 1 (default 0.8)",
        )
        parser.add_argument(
            "--since", type=since_day, help="Only statements dated from this day (YYYY-MM-DD)"
        )

    def handle(self, *args, days, threshold, since, **options):
        if not 0 < threshold <= 1:
            raise CommandError("--threshold must be more than 0 and at most 1")
        if days < 0:
            raise CommandError("--days cannot be negative")
        counts = find_duplicate_groups(days=days, threshold=threshold, since=since)
        self.stdout.write(
            f"read {counts['statements']} statements; new groups: {counts['exact']} exact, "
            f"{counts['near']} near; already known {counts['known']}; "
            f"replaced {counts['replaced']}"
        )
