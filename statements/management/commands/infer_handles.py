from django.core.management.base import BaseCommand

from statements.importers.handles import infer_missing_handles
from statements.models import Source


class Command(BaseCommand):
    help = (
        "Give each Telegram source without a handle the one its own posts' t.me links reveal "
        "(as an import does), so its statements link to their originals. A handle an editor "
        "set or cleared is left as it is."
    )

    def handle(self, *args, **options):
        sources = Source.objects.filter(platform=Source.Platform.TELEGRAM, handle="")
        found = infer_missing_handles(sources)
        for evidence in found:
            self.stdout.write(
                f"@{evidence.handle}: {evidence.self_links} posts link to themselves, "
                f"{evidence.own_ids} of {evidence.links} links to the channel's own posts."
            )
        self.stdout.write(f"{len(found)} handle{'' if len(found) == 1 else 's'} inferred.")
