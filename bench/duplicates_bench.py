"""Duplicate-finding benchmark: find_duplicate_groups over a generated archive.

    .venv/bin/python bench/duplicates_bench.py [--statements 100000] [--per-day 150]

Writes statements from three sources, `--per-day` of them a day: most unique, some
exact copies in another source an hour later, some near copies (one word changed) a
day later. Prints statements/s for a first run (every group new) and for a second
(every group known), how many of the planted copies were found, and peak memory.

Runs against its own embedded database under var/bench-duplicates (or DATABASE_URL if
set, whose statements it deletes first: never point it at a real archive).
"""

import argparse
import hashlib
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_bench import PEOPLE, WORDS_EN, WORDS_RU, peak_mb, reset_peak  # noqa: E402

EXACT_SHARE = 0.05
NEAR_SHARE = 0.05


def texts(count: int, rng: random.Random):
    """(title, text, kind) where kind is "unique", "exact" or "near" (a copy of the one before)."""
    previous = None
    for _ in range(count):
        roll = rng.random()
        if previous and roll < EXACT_SHARE:
            yield previous[0], previous[1], "exact"
        elif previous and roll < EXACT_SHARE + NEAR_SHARE:
            words = previous[1].split()
            words[rng.randrange(len(words))] = "changed"
            yield previous[0], " ".join(words), "near"
        else:
            words = WORDS_RU if rng.random() < 0.3 else WORDS_EN
            text = " ".join(rng.choice(words) for _ in range(rng.randint(40, 260)))
            previous = (f"{rng.choice(PEOPLE)} on {rng.choice(words)}", text)
            yield previous[0], previous[1], "unique"


def write_archive(count: int, per_day: int) -> int:
    """Write the statements; returns how many are planted copies."""
    from statements.importers.bulk import copy_insert
    from statements.models import Source, Statement, sort_date_for
    from statements.text.normalize import text_fingerprint

    sources = [
        Source.objects.create(name=f"Bench {number}", slug=f"bench-{number}")
        for number in (1, 2, 3)
    ]
    rng = random.Random(42)
    step = timedelta(days=1) / per_day
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    batch, copies = [], 0
    for number, (title, text, kind) in enumerate(texts(count, rng)):
        moment += step
        when = moment
        if kind != "unique":
            copies += 1
            when += timedelta(hours=1) if kind == "exact" else timedelta(days=1)
        statement = Statement(
            source=sources[number % 3],
            source_message_id=number,
            published_at=when,
            title=title,
            text=text,
            content_hash=hashlib.sha256(f"{number}{text}".encode()).hexdigest(),
            text_fingerprint=text_fingerprint(title, text),
        )
        statement.sort_date = sort_date_for(statement.published_at, statement.event_date)
        batch.append(statement)
        if len(batch) == 5000:
            copy_insert(batch)
            batch = []
    copy_insert(batch)
    return copies


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=150)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("ARCHIVE_DATA_DIR", str(ROOT / "var" / "bench-duplicates"))
    os.environ.setdefault("DEBUG", "false")  # as in production: DEBUG logs every query
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from statements.curation.duplicates import find_duplicate_groups
    from statements.models import DuplicateGroup, Source, Statement

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # an empty archive, without loading it into memory
        tables = [Statement._meta.db_table, Source._meta.db_table, DuplicateGroup._meta.db_table]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    started = time.perf_counter()
    with transaction.atomic():
        copies = write_archive(args.statements, args.per_day)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Statement._meta.db_table}")
    print(
        f"archive: {args.statements:,} statements ({copies:,} planted copies), "
        f"{args.per_day} a day, written in {time.perf_counter() - started:.0f} s"
    )

    for label in ("first run", "second run"):
        reset_peak()
        started = time.perf_counter()
        counts = find_duplicate_groups()
        seconds = time.perf_counter() - started
        print(f"{label}: {counts}")
        print(
            f"  {seconds:.1f} s, {counts['statements'] / seconds:,.0f} statements/s, "
            f"peak memory {peak_mb():.0f} MB"
        )

    grouped = DuplicateGroup.members.through.objects.count() - DuplicateGroup.objects.count()
    print(f"copies grouped with their original: {grouped:,} of {copies:,} planted")


if __name__ == "__main__":
    main()
