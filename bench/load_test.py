"""Load test: many users at once against gunicorn with production settings.

    .venv/bin/python bench/load_test.py [--statements 100000] [--users 50] [--seconds 60]
                                         [--import-messages 20000]

Uses the archive search_bench.py builds (var/bench-<N>), starts gunicorn on 127.0.0.1,
and runs USERS threads for SECONDS, each a researcher mixing searches, statement pages,
person pages, the API and exports, without pause. Prints requests, errors, p50 / p99
and the server's memory; then the same again while an import of a generated channel
runs, to show the site does not stall under it. Only loopback is contacted.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench as bench  # noqa: E402  (the same archive, server and helpers)


def researcher_urls(base: str, mix, statement_ids: list[int], people: list[str]) -> list[str]:
    urls = [f"{base}/statements/?{urllib.parse.urlencode(params)}" for _, params in mix]
    urls += [f"{base}/api/statements/?{urllib.parse.urlencode(params)}" for _, params in mix]
    urls += [f"{base}/statements/{pk}/" for pk in statement_ids]
    urls += [f"{base}/participants/{slug}/" for slug in people]
    urls += [f"{base}/", f"{base}/statements/export.csv?q=person:{people[0]}+date:2020"]
    return urls


def run_users(urls: list[str], users: int, seconds: float, server) -> dict:
    timings, errors, memory, lock = [], [], [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def user(number: int):
        rng = random.Random(number)
        while time.perf_counter() < deadline:
            url = rng.choice(urls)
            try:
                elapsed, status, _ = bench.fetch(url)
            except OSError as error:
                elapsed, status = 0.0, f"{type(error).__name__}"
            with lock:
                timings.append(elapsed * 1000)
                if status != 200:
                    errors.append((status, url))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        memory.append(bench.server_memory_mb(server))
        time.sleep(1)
    ordered = sorted(timings)
    return {
        "requests": len(timings),
        "per_second": len(timings) / seconds,
        "errors": len(errors),
        "error_examples": errors[:3],
        "p50": statistics.median(ordered),
        "p99": ordered[int(len(ordered) * 0.99) - 1],
        "max": ordered[-1],
        "memory_mb": max(memory),
    }


def report(label: str, result: dict) -> None:
    print(
        f"{label}: {result['requests']:,} requests ({result['per_second']:.1f}/s), "
        f"{result['errors']} errors, p50 {result['p50']:.0f} ms, p99 {result['p99']:.0f} ms, "
        f"max {result['max']:.0f} ms; server memory peak {result['memory_mb']:.0f} MB"
    )
    for status, url in result["error_examples"]:
        print(f"  error {status}: {url}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--import-messages", type=int, default=20_000)
    args = parser.parse_args()

    bench.setup(args.statements)
    from statements.models import Participant, Statement

    mix = bench.query_mix(bench.pick_words())
    statement_ids = list(Statement.objects.order_by("?").values_list("pk", flat=True)[:50])
    people = [p.slug for p in Participant.objects.most_used()[:10]]
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}"
    server = bench.start_server(port, args.workers)
    try:
        urls = researcher_urls(base, mix, statement_ids, people)
        for url in urls:  # warm every page once
            bench.fetch(url)
        print(f"{args.users} users, {args.seconds:.0f} s, {args.workers} gunicorn workers, "
              f"{Statement.objects.count():,} statements")  # fmt: skip
        report("site alone", run_users(urls, args.users, args.seconds, server))
        if args.import_messages:
            with tempfile.TemporaryDirectory() as folder:
                from bench.corpus import channel_export

                export = channel_export(
                    Path(folder) / "result.json", args.import_messages, name="Load test", words=150
                )
                started = time.perf_counter()
                importing = subprocess.Popen(
                    [sys.executable, str(bench.ROOT / "manage.py"), "import_statements",
                     str(export), "--source", f"load-test-{int(time.time())}"],
                    env=os.environ.copy(), cwd=bench.ROOT,
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                )  # fmt: skip
                result = run_users(urls, args.users, args.seconds, server)
                output, _ = importing.communicate()
                took = time.perf_counter() - started
                report("site during an import", result)
                summary = output.strip().splitlines()[-1] if output.strip() else ""
                print(f"the import: {summary} ({took:.0f} s, exit {importing.returncode})")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
