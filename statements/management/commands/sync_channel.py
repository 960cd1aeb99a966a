from django.core.management.base import BaseCommand, CommandError

from statements.sync import SyncError, sync_channel


class Command(BaseCommand):
    help = (
        "Fetch a public channel's new posts from its web preview (t.me/s/HANDLE) and import "
        "them. Reads back until it reaches what the archive already has."
    )

    def add_arguments(self, parser):
        parser.add_argument("handle", help="The channel's t.me name, e.g. MFARussia")
        parser.add_argument(
            "--since", type=int, help="Only posts after this message id (default: what is archived)"
        )

    def handle(self, *args, handle, since, **options):
        try:
            run, pages = sync_channel(handle, since=since)
        except SyncError as exc:
            raise CommandError(
                f"{exc}. Posts read before the problem were imported; run the command again "
                "to resume."
            ) from None
        for error in run.errors:
            self.stderr.write(error)
        self.stdout.write(f"@{handle.lstrip('@')}: {pages} pages read; {run.summary}")
        if gone := run.outcome.get("deleted_at_source"):
            self.stdout.write(f"{gone} archived posts deleted at the source (kept, and marked so)")
        if back := run.outcome.get("shown_again"):
            self.stdout.write(f"{back} posts marked deleted are shown at the source again")
