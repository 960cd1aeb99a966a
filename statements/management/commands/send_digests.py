from django.core.management.base import BaseCommand

from statements.alerts.digests import send_due_digests


class Command(BaseCommand):
    help = (
        "Mail the alerts' digests that are due (daily, weekly) and forget sign-ups never "
        "confirmed. The import worker does this every DIGEST_CHECK_SECONDS; this is for cron."
    )

    def handle(self, *args, **options):
        self.stdout.write(send_due_digests().summary)
