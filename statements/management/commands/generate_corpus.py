from django.core.management.base import BaseCommand, CommandError

from statements import corpus
from statements.models import Source


class Command(BaseCommand):
    help = (
        "Add a deterministic synthetic archive (for benchmarks): English and Russian "
        "statements with participants, hashtags and ten years of dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, required=True, help="How many")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive")
        parser.add_argument("--sources", type=int, default=40)
        parser.add_argument("--participants", type=int, default=400)
        parser.add_argument("--hashtags", type=int, default=60)

    def handle(self, *args, statements, seed, sources, participants, hashtags, **options):
        if statements < 0:
            raise CommandError("--statements must be 0 or more")
        if Source.objects.filter(slug__startswith="corpus-").exists():
            raise CommandError(
                "This archive already has a generated corpus; use a fresh database "
                "(e.g. DATABASE_URL=… or ARCHIVE_DATA_DIR=…) to generate another."
            )
        timings = corpus.generate(
            statements,
            seed=seed,
            sources=sources,
            people=participants,
            hashtags=hashtags,
            report=lambda line: self.stdout.write(line),
        )
        self.stdout.write(
            f"{statements:,} statements: written in {timings['write_seconds']:.1f} s "
            f"({timings['statements_per_second']:,.0f}/s), indexes built in "
            f"{timings['index_seconds']:.1f} s, analysed in {timings['analyze_seconds']:.1f} s; "
            f"{timings['total_seconds']:.1f} s in all"
        )
