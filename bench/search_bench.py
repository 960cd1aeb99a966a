"""Search benchmark: the site under gunicorn on a generated archive of a given size.

    .venv/bin/python bench/search_bench.py --statements 1000000 [--repeat 20] [--workers 3]

Generates (once) an archive with bench/corpus.py in its own data directory
(var/bench-<N>, its own embedded server), starts gunicorn on 127.0.0.1 with production
settings, warms it, then requests each class of the query mix through the HTML page
and the JSON API and prints p50 / p95 / max, beside the time of the plain SQL that does
the same search the obvious way (exact count and the first 20 rows) and the ratio.
Then a deep page, a CSV export of every statement (rows/s, the server's peak memory)
and a concurrent mix. Only loopback is contacted.
"""

import argparse
import csv
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SHARES = {"rare": 0.008, "medium": 0.065, "common": 0.53}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("ARCHIVE_DATA_DIR", str(ROOT / "var" / f"bench-{count}"))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # plain HTTP on loopback
    os.environ.setdefault("API_REQUESTS_PER_MINUTE", "0")  # one client asks a lot here
    os.environ.setdefault("EXPORTS_PER_HOUR", "0")
    os.environ.setdefault("STATIC_ROOT", os.environ["ARCHIVE_DATA_DIR"] + "/static")
    import django

    django.setup()
    from django.core.management import call_command

    from statements.models import Statement

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not Statement.objects.exists():
        from bench import corpus

        print(corpus.describe(count, corpus.generate(count)))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pick_words() -> dict[str, str]:
    """Words found in about 0.8%, 6.5% and 53% of statements (from a 2% sample)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM statements_statement TABLESAMPLE SYSTEM (2) REPEATABLE (7)"
        )
        sampled = cursor.fetchone()[0]
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('simple', text) "
            "FROM statements_statement TABLESAMPLE SYSTEM (2) REPEATABLE (7) "
            "WHERE language = 'en'$$) WHERE length(word) >= 5 AND word ~ '^[a-z]+$' "
            "AND numnode(plainto_tsquery('archive_english', word)) > 0"  # not a stop word
        )
        stats = cursor.fetchall()
        cursor.execute(
            "SELECT count(*) FILTER (WHERE language = 'en')::float / count(*) "
            "FROM statements_statement TABLESAMPLE SYSTEM (2) REPEATABLE (7)"
        )
        english_share = cursor.fetchone()[0]
    english = sampled * english_share
    words = {}
    for name, share in TARGET_SHARES.items():
        target = share / english_share
        words[name] = min(stats, key=lambda row: abs(row[1] / english - target))[0]
    return words


def query_mix(words: dict[str, str]) -> list[tuple[str, dict]]:
    from statements.models import Hashtag, Participant

    person = Participant.objects.most_used().first()
    tag = Hashtag.objects.most_used().first()
    rare, medium, common = words["rare"], words["medium"], words["common"]
    return [
        ("rare word", {"q": rare}),
        ("medium word", {"q": medium}),
        ("common word", {"q": common}),
        ("phrase", {"q": '"telephone conversation"'}),
        ("OR", {"q": f"{rare} OR {medium}"}),
        ("negation", {"q": f"{common} -{medium}"}),
        ("prefix", {"q": f"{medium[:4]}*"}),
        ("person", {"q": f"person:{person.slug}"}),
        ("person + word", {"q": f"person:{person.slug} {common}"}),
        ("hashtag", {"q": f"tag:{tag.slug}"}),
        ("date range", {"q": f"{medium} date:2020-01..2020-06"}),
        ("relevance, common", {"q": common, "sort": "relevance"}),
        ("browse page 1", {}),
        ("browse page 5,000", {"page": "5000"}),
        ("search page 200", {"q": medium, "page": "200"}),
    ]


def plain_sql(params: dict) -> float:
    """Seconds for the obvious SQL: the exact count of the matches and their first 20."""
    from statements.filters import StatementFilter
    from statements.models import Statement

    queryset = StatementFilter(params, queryset=Statement.objects.listed()).qs
    page = int(params.get("page", 1))
    started = time.perf_counter()
    queryset.count()
    list(queryset.values_list("pk", flat=True)[(page - 1) * 20 : page * 20])
    return time.perf_counter() - started


def fetch(url: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return time.perf_counter() - started, status, body


def timed(url: str, repeat: int, warm: int = 6) -> tuple[list[float], int]:
    for _ in range(warm):  # every worker, more than once
        fetch(url)
    timings, statuses = [], set()
    for _ in range(repeat):
        seconds, status, _ = fetch(url)
        timings.append(seconds * 1000)
        statuses.add(status)
    return timings, max(statuses)


def start_server(port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "archive.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            fetch(f"http://127.0.0.1:{port}/statements/?q=x")
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def server_memory_mb(server: subprocess.Popen) -> float:
    """Resident memory of gunicorn and its workers."""
    output = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(server.pid), "-p", str(server.pid)],
        capture_output=True,
        text=True,
    ).stdout
    return sum(int(line) for line in output.split()) / 1024


def csv_export(base: str, server) -> None:
    started = time.perf_counter()
    peak = 0.0
    with urllib.request.urlopen(f"{base}/statements/export.csv", timeout=3600) as response:
        text = io.TextIOWrapper(response, encoding="utf-8", newline="")
        rows = -1
        for rows, _ in enumerate(csv.reader(text)):
            if rows % 50_000 == 0:
                peak = max(peak, server_memory_mb(server))
    seconds = time.perf_counter() - started
    print(
        f"CSV export: {rows:,} rows in {seconds:.1f} s, {rows / seconds:,.0f} rows/s; "
        f"server memory peak {peak:.0f} MB"
    )


def concurrent_mix(base: str, urls: list[str], users: int, seconds: float) -> None:
    timings, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def user(offset: int):
        index = offset
        while time.perf_counter() < deadline:
            elapsed, status, _ = fetch(urls[index % len(urls)])
            index += 1
            with lock:
                timings.append(elapsed * 1000)
                errors[0] += status >= 500

    threads = [threading.Thread(target=user, args=(n * 3,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"concurrent mix: {users} users for {seconds:.0f} s: {len(timings):,} requests "
        f"({len(timings) / seconds:.1f}/s), p50 {statistics.median(timings):.0f} ms, "
        f"p95 {percentile(timings, 0.95):.0f} ms, max {max(timings):.0f} ms, "
        f"{errors[0]} errors"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--users", type=int, default=8, help="For the concurrent mix")
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()

    setup(args.statements)
    from statements.models import Statement

    print(f"archive: {Statement.objects.count():,} statements")
    words = pick_words()
    print("words:", ", ".join(f"{name} = {word}" for name, word in words.items()))
    mix = query_mix(words)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers)
    try:
        print(
            f"{'class':20} {'page p50':>9} {'p95':>6} {'max':>6} {'api p95':>8} "
            f"{'sql ms':>7} {'page/sql':>9}"
        )
        urls = []
        for name, params in mix:
            query = urllib.parse.urlencode(params)
            page_url = f"{base}/statements/?{query}"
            api_url = f"{base}/api/statements/?{query}"
            urls.append(page_url)
            page, status = timed(page_url, args.repeat)
            api, api_status = timed(api_url, args.repeat)
            sql = statistics.median(plain_sql(params) for _ in range(3)) * 1000
            flag = "" if status == api_status == 200 else f"  HTTP {status}/{api_status}"
            print(
                f"{name:20} {statistics.median(page):>9.0f} {percentile(page, 0.95):>6.0f} "
                f"{max(page):>6.0f} {percentile(api, 0.95):>8.0f} {sql:>7.0f} "
                f"{percentile(page, 0.95) / sql:>9.2f}{flag}"
            )
        from statements.models import Participant

        person = Participant.objects.most_used().first()
        timings, status = timed(f"{base}{person.get_absolute_url()}", args.repeat)
        print(
            f"{'participant page':20} {statistics.median(timings):>9.0f} "
            f"{percentile(timings, 0.95):>6.0f} {max(timings):>6.0f}"
        )
        concurrent_mix(base, urls, args.users, 30)
        if not args.skip_export:
            csv_export(base, server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
