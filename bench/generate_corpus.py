"""Add a deterministic synthetic archive (for benchmarks) to the configured database.

    .venv/bin/python bench/generate_corpus.py --statements 1000000 [--seed 1]

English and Russian statements with participants, hashtags and ten years of dates
(see bench/corpus.py). Point it at a fresh database (DATABASE_URL=… or
ARCHIVE_DATA_DIR=…): it refuses an archive that has a generated corpus already.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, required=True, help="How many")
    parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive")
    parser.add_argument("--sources", type=int, default=40)
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--hashtags", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django  # noqa: PLC0415 — Django is set up only after the settings module is chosen

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 — needs Django set up

    from bench import corpus  # noqa: PLC0415 — its models need Django set up

    call_command("migrate", verbosity=0)
    try:
        timings = corpus.generate(
            args.statements,
            seed=args.seed,
            sources=args.sources,
            people=args.participants,
            hashtags=args.hashtags,
        )
    except corpus.CorpusError as exc:
        sys.exit(str(exc))
    print(corpus.describe(args.statements, timings))


if __name__ == "__main__":
    main()
