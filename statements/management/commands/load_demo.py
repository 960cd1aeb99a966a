from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from statements.models import Source, Statement

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_SOURCE = {
    "slug": "russia-serbia-scrape",
    "name": "Russian MFA on Serbia (web preview scrape)",
    "platform": Source.Platform.TELEGRAM,
    "handle": "MFARussia",
    "url": "https://t.me/s/MFARussia",
    "default_language": "en",
}


class Command(BaseCommand):
    help = "Load the demo (seven Russian MFA posts on Serbia and their people); safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the archive already has statements",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Statement.objects.exists():
            self.stdout.write("The archive has statements already; the demo was not loaded.")
            return
        Source.objects.get_or_create(slug=DEMO_SOURCE["slug"], defaults=DEMO_SOURCE)
        call_command("import_participants", DEMO_DIR / "participants.json", stdout=self.stdout)
        call_command(
            "import_statements",
            DEMO_DIR / "russia_serbia_tme_scrape.txt",
            source=DEMO_SOURCE["slug"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
