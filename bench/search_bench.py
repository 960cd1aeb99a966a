"""Search benchmark: the search page and the CSV export on a generated archive.

    .venv/bin/python bench/search_bench.py [--statements 100000] [--repeat 20]

Builds (once) an archive of generated statements under var/bench-search: English and
Russian text of 60–260 words from a Zipf vocabulary, real participants and hashtags;
then requests the search page (facets, timeline, 20 highlighted results) for typical
queries, warm, in process, and prints p50 / p95 / max per query; then streams a CSV
export of every statement and prints rows per second.
"""

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "sel",
    "dan",
    "tor",
    "vi",
    "lo",
    "pra",
    "nes",
    "ku",
    "ber",
    "ta",
    "li",
]
PEOPLE = [
    "Sergey Lavrov",
    "Aleksandar Vučić",
    "Marko Đurić",
    "Сергей Лавров",
    "Ивица Дачич",
    "Vladimir Putin",
    "Ana Brnabić",
    "Aleksandar Vulin",
]
TAGS = ["#RussiaSerbia", "#Kosovo", "#UN", "#РоссияСербия", "#Balkans", "#BRICS"]
KINDS = [
    "spoke over the phone with",
    "met",
    "opening remarks at the meeting with",
    "held talks with",
    "news conference with",
    "interview with",
]
QUERIES = [
    "cooperation",  # a real word among the common ones
    "Lavrov",
    "Kosovo settlement",
    '"strategic partnership"',
    "security -energy",
    "serb*",
    "person:lavrov kind:phone_call",
    "tag:RussiaSerbia sanctions",
    "date:2024 dialogue",
    "Đurić",
]
REAL_WORDS = [
    "cooperation",
    "dialogue",
    "security",
    "settlement",
    "Kosovo",
    "energy",
    "sanctions",
    "partnership",
    "strategic",
    "relations",
    "Serbia",
    "Balkans",
    "talks",
    "agenda",
    "sovereignty",
]


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    words = set(REAL_WORDS)
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered


def message(number: int, rng: random.Random, words: list[str], weights: list[float]) -> dict:
    body = " ".join(rng.choices(words, weights=weights, k=rng.randint(60, 260)))
    headline = f"{rng.choice(PEOPLE)} {rng.choice(KINDS)} {rng.choice(PEOPLE)}"
    unix = 1_420_000_000 + number * 3_100  # ten years
    return {
        "id": number,
        "type": "message",
        "date_unixtime": str(unix),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(unix)),
        "text": [
            {"type": "bold", "text": headline},
            "\n" + body + "\n",
            {"type": "hashtag", "text": rng.choice(TAGS)},
        ],
    }


def build(count: int) -> None:
    from statements.importers.pipeline import import_paths
    from statements.models import Statement

    have = Statement.objects.count()
    if have >= count:
        return
    rng = random.Random(7)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "result.json"
        with path.open("w", encoding="utf-8") as file:
            file.write(
                '{"name": "Search bench", "type": "public_channel", "id": 888, "messages": [\n'
            )
            for number in range(have + 1, count + 1):
                separator = "," if number > have + 1 else ""
                file.write(
                    separator
                    + json.dumps(message(number, rng, words, weights), ensure_ascii=False)
                    + "\n"
                )
            file.write("]}\n")
        started = time.perf_counter()
        run = import_paths([path])
        print(f"built: {run.summary} in {time.perf_counter() - started:.0f} s")


def search_count(query: str) -> int:
    from statements.filters import StatementFilter
    from statements.models import Statement

    return StatementFilter({"q": query}, queryset=Statement.objects.listed()).qs.count()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("ARCHIVE_DATA_DIR", str(ROOT / "var" / "bench-search"))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench-search" / "static"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from statements.models import Statement

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # as in production (DEBUG off)
    if not Statement.objects.exists():
        call_command(
            "import_participants",
            str(ROOT / "statements/demo/participants.json"),
            stdout=StringIO(),
        )
    build(args.statements)
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE statements_statement"
        ) if connection.in_atomic_block is False else None
    total = Statement.objects.count()
    print(f"archive: {total:,} statements")

    client = Client(SERVER_NAME="localhost")
    print(f"{'query':34} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for query in QUERIES:
        timings, matches = [], 0
        for attempt in range(args.repeat + 2):
            started = time.perf_counter()
            response = client.get("/statements/", {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
            if attempt >= 2:  # the first two warm the caches
                timings.append(elapsed)
            matches = search_count(query)
        print(
            f"{query:34} {matches:>8,} {statistics.median(timings):>8.0f} "
            f"{percentile(timings, 0.95):>8.0f} {max(timings):>8.0f}"
        )

    started = time.perf_counter()
    response = client.get("/statements/export.csv")
    lines = (chunk.decode() for chunk in response.streaming_content)
    rows = sum(1 for _ in csv.reader(lines)) - 1
    seconds = time.perf_counter() - started
    print(f"CSV export: {rows:,} rows in {seconds:.1f} s, {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
