from django.core.management.base import BaseCommand

from statements.search.words import refresh_words


class Command(BaseCommand):
    help = (
        'Read the archive\'s vocabulary again (the words "Did you mean" offers), as an import '
        "does: after statements were written some other way."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{refresh_words():,} words.")
