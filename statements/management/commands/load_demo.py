from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from statements.models import Source

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
    help = "Load the demo: seven posts of the Russian MFA about Serbia and their participants. Safe to rerun."

    def handle(self, *args, **options):
        Source.objects.get_or_create(slug=DEMO_SOURCE["slug"], defaults=DEMO_SOURCE)
        call_command("import_participants", DEMO_DIR / "participants.json", stdout=self.stdout)
        call_command(
            "import_statements",
            DEMO_DIR / "russia_serbia_tme_scrape.txt",
            source=DEMO_SOURCE["slug"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
