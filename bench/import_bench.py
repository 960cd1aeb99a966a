"""Import benchmark: a generated Telegram channel export, imported end to end.

    .venv/bin/python bench/import_bench.py [--messages 100000] [--parse-only-gb 1]

Prints statements/s for a first import (parse, enrich, upsert, search vector),
messages/s for re-importing the unchanged file, and peak memory. With
--parse-only-gb it also streams a generated export of that size through the
parser alone, in a child process, and prints that process's peak memory.

Runs against its own embedded database under var/bench (or DATABASE_URL if set,
whose statements it deletes first: never point it at a real archive).
"""

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS_EN = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "this",
    "be",
    "are",
    "was",
    "were",
    "has",
    "have",
    "cooperation",
    "bilateral",
    "relations",
    "strategic",
    "partnership",
    "dialogue",
    "security",
    "settlement",
    "international",
    "agenda",
    "sovereignty",
    "integrity",
    "energy",
    "trade",
    "economic",
    "ministers",
    "discussed",
    "situation",
    "region",
    "meeting",
    "talks",
    "issues",
    "interest",
    "mutual",
    "principles",
    "charter",
    "nations",
    "sanctions",
    "agreement",
    "development",
    "stability",
    "consultations",
    "delegation",
    "visit",
]
WORDS_RU = [
    "и",
    "в",
    "на",
    "с",
    "по",
    "о",
    "что",
    "для",
    "как",
    "это",
    "министр",
    "переговоры",
    "сотрудничество",
    "отношения",
    "стороны",
    "обсудили",
    "вопросы",
    "безопасность",
    "урегулирование",
    "партнерство",
    "встреча",
    "заявление",
    "визит",
]
PEOPLE = [
    "Sergey Lavrov",
    "Aleksandar Vučić",
    "Marko Đurić",
    "Сергей Лавров",
    "Ивица Дачич",
    "Vladimir Putin",
    "Ana Brnabić",
]
KINDS = [
    "spoke over the phone with",
    "met",
    "opening remarks at the meeting with",
    "held talks with",
    "news conference with",
    "провел телефонный разговор с",
]
TAGS = ["#RussiaSerbia", "#Kosovo", "#UN", "#РоссияСербия", "#Balkans"]


def message(number: int, rng: random.Random) -> dict:
    russian = rng.random() < 0.3
    words = WORDS_RU if russian else WORDS_EN
    body = " ".join(rng.choice(words) for _ in range(rng.randint(60, 260)))
    place = f"(Moscow, March {rng.randint(1, 28)}, 2024)"
    headline = f"{rng.choice(PEOPLE)} {rng.choice(KINDS)} {rng.choice(PEOPLE)} {place}"
    text = [
        {"type": "bold", "text": headline},
        "\n" + body + "\n",
        {"type": "hashtag", "text": rng.choice(TAGS)},
    ]
    unix = 1_500_000_000 + number * 600
    return {
        "id": number,
        "type": "message",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(unix)),
        "date_unixtime": str(unix),
        "from": "Bench channel",
        "from_id": "channel777",
        "text": text,
    }


def write_export(path: Path, messages: int | None = None, size_bytes: int | None = None) -> int:
    rng = random.Random(42)
    count = 0
    with path.open("w", encoding="utf-8") as file:
        file.write('{"name": "Bench channel", "type": "public_channel", "id": 777, "messages": [\n')
        while (messages is not None and count < messages) or (
            size_bytes is not None and file.tell() < size_bytes
        ):
            count += 1
            file.write(
                ("," if count > 1 else "")
                + json.dumps(message(count, rng), ensure_ascii=False)
                + "\n"
            )
        file.write("]}\n")
    return count


def reset_peak() -> None:
    """Start measuring peak memory afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited on exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_only(path: str) -> None:
    from statements.importers import telegram_json

    started = time.perf_counter()
    with open(path, "rb") as file:
        count = sum(1 for _ in telegram_json.parse(file))
    seconds = time.perf_counter() - started
    print(
        f"  parsed {count:,} messages in {seconds:.1f} s; "
        f"parser process peak memory {peak_mb():.0f} MB"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--parse-only-gb", type=float, default=0)
    parser.add_argument("--parse-only-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_only_file:
        parse_only(args.parse_only_file)
        return

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("ARCHIVE_DATA_DIR", str(ROOT / "var" / "bench"))
    # As in production: DEBUG would log every query's SQL text.
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    from django.core.management import call_command

    from statements.importers.run import import_paths
    from statements.models import Source, Statement

    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:  # an empty archive, without loading it into memory
        tables = [Statement._meta.db_table, Source._meta.db_table]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    call_command(
        "import_participants",
        str(ROOT / "statements/demo/participants.json"),
        stdout=StringIO(),
    )

    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "result.json"
        count = write_export(export, messages=args.messages)
        size = export.stat().st_size / 2**20
        print(f"export: {count:,} messages, {size:.0f} MB")

        reset_peak()
        started = time.perf_counter()
        run = import_paths([export])
        first = time.perf_counter() - started
        print(f"first import:  {run.summary}")
        print(
            f"  {first:.1f} s, {run.created / first:,.0f} statements/s, "
            f"peak memory {peak_mb():.0f} MB"
        )

        reset_peak()
        started = time.perf_counter()
        again = import_paths([export])
        second = time.perf_counter() - started
        print(f"re-import:     {again.summary}")
        print(f"  {second:.1f} s, {count / second:,.0f} messages/s, peak memory {peak_mb():.0f} MB")

        if args.parse_only_gb:
            big = Path(folder) / "big.json"
            total = write_export(big, size_bytes=int(args.parse_only_gb * 2**30))
            print(f"parse only: {total:,} messages, {big.stat().st_size / 2**30:.2f} GB")
            subprocess.run([sys.executable, __file__, "--parse-only-file", str(big)], check=True)


if __name__ == "__main__":
    main()
