"""What "Did you mean" and the other offers of a search cost, on an archive already made.

    ARCHIVE_DATA_DIR=var/bench-100000 .venv/bin/python bench/suggest_bench.py [--repeat 20]

For searches with typos (which find nothing, so every offer is computed: the correction
and its count, close names, a broader search, the stop-word check) and for a search that
finds plenty (no offer but the kind chip): the time of `offers_of` alone and of the whole
API answer, p50 and p95 in ms, and how many queries the offers sent. Reading the
vocabulary again (`refresh_words`, as after an import) is timed once. No server is
started: the searches run in this process, against the configured database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "typo, Latin": "Lavorv",
    "typo, Cyrillic": "Лавроф",
    "typo beside a word": "sanctoins kosovo",
    "stop words only": "the",
    "found plenty": "lavrov meeting",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django  # noqa: PLC0415 — Django is set up only after the settings module is chosen

    django.setup()
    from django.db import connection  # noqa: PLC0415 — needs Django set up
    from django.http import QueryDict  # noqa: PLC0415 — needs Django set up
    from django.test import Client  # noqa: PLC0415 — needs Django set up

    from statements.filters import StatementFilter, offers_of  # noqa: PLC0415 — needs Django
    from statements.models import SearchRow, Statement  # noqa: PLC0415 — needs Django set up
    from statements.search.results import find  # noqa: PLC0415 — needs Django set up
    from statements.search.words import refresh_words  # noqa: PLC0415 — needs Django set up

    began = time.perf_counter()
    words = refresh_words()
    print(
        f"{Statement.objects.count():,} statements; vocabulary of {words:,} words read in "
        f"{time.perf_counter() - began:.1f} s"
    )
    client = Client(SERVER_NAME="127.0.0.1")
    print(f"{'search':22} {'found':>6} {'offers p50/p95 ms':>18} {'queries':>7} API p50/p95 ms")
    for label, q in QUERIES.items():
        offers_ms, api_ms = [], []
        for _ in range(args.repeat):
            filterset = StatementFilter(QueryDict(f"q={q}"), queryset=SearchRow.objects.listed())
            assert filterset.is_valid()
            count = find(filterset.qs).count
            queries = []

            def counted(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counted):
                started = time.perf_counter()
                offers = offers_of(filterset, count)
                offers_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            client.get("/api/statements/", {"q": q})
            api_ms.append((time.perf_counter() - started) * 1000)
        said = offers.did_you_mean["q"] if offers.did_you_mean else ""
        print(
            f"{label:22} {count:>6} {statistics.median(offers_ms):>8.1f} / "
            f"{percentile(offers_ms, 0.95):<7.1f} {len(queries):>7} "
            f"{statistics.median(api_ms):>6.1f} / {percentile(api_ms, 0.95):<6.1f} {said}"
        )


if __name__ == "__main__":
    main()
