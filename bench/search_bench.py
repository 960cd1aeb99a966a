"""Search benchmark: the site under gunicorn on a generated archive of a given size.

    .venv/bin/python bench/search_bench.py --statements 1000000 [--repeat 20] [--workers 3]
        [--peer datasette]

Generates (once) an archive with bench/corpus.py in its own data directory
(var/bench-<N>, its own embedded server), starts gunicorn on 127.0.0.1 with production
settings, warms it, then requests each class of the query mix through the HTML page
and the JSON API (alternately, in one loop) and prints p50 / p95 / max (a search asked
again reads its result, facets and ranking kept until the archive changes, as a reader
paging on does), the page's times asked for the first time (fresh), beside the time
of the plain SQL that does the same search the obvious way (exact count and the first 20
rows) and the ratio. For each class it also checks the API's count against the exact
count in plain SQL, and, for a search with words, how many of the exact top 20 by the
ranking function (over every match, in plain SQL) are on page 1 of the API in relevance
order. Then a deep page, a CSV export of every statement (rows/s, the server's peak
memory) and a concurrent mix. Only loopback is contacted.

--peer datasette (needs `pip install -e '.[bench]'`) copies the same statements once into
var/bench-<N>/peer.db with sqlite-utils (FTS5, porter tokenizer; participants and
hashtags as JSON arrays), serves it with Datasette on 127.0.0.1 and times its table page
with the equivalent search and facets for each class, alternating with ours
(bench/peer_equivalents.py says how each class is translated).
"""

import argparse
import csv
import io
import json
import os
import re
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SHARES = {"rare": 0.008, "medium": 0.065, "common": 0.53}
# The exact top results compared with page 1 in relevance order.
TOP = 20
# Requests of each class timed as asked for the first time (nothing of the search kept).
FRESH_ROUNDS = 5


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


def word_shares() -> list[tuple[str, float]]:
    """English words of five letters or more with the share of all statements holding
    them (from a 2% sample)."""
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
    return [(word, documents / max(sampled, 1)) for word, documents in stats]


def pick_words() -> dict[str, str]:
    """Words found in about 0.8%, 6.5% and 53% of statements (from a 2% sample)."""
    shares = word_shares()
    return {
        name: min(shares, key=lambda row: abs(row[1] - target))[0]
        for name, target in TARGET_SHARES.items()
    }


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


def filtered(params: dict):
    """The site's own filter of the parameters, as a request gives them (its queryset `qs`
    has the site's tsquery and its `rank`)."""
    from django.http import QueryDict

    from statements.filters import StatementFilter
    from statements.models import Statement

    data = QueryDict(urllib.parse.urlencode(params))
    return StatementFilter(data, queryset=Statement.objects.listed())


def plain_sql(params: dict) -> float:
    """Seconds for the obvious SQL: the exact count of the matches and their first 20."""
    queryset = filtered(params).qs
    page = int(params.get("page", 1))
    started = time.perf_counter()
    queryset.count()
    list(queryset.values_list("pk", flat=True)[(page - 1) * 20 : page * 20])
    return time.perf_counter() - started


def effective_order(params: dict) -> str:
    """The order the page lists the result in: relevance only where there is a rank
    (a search of filters alone, person:x, is newest first)."""
    found = filtered(params)
    if found.sort_order == "relevance" and "rank" not in found.qs.query.annotations:
        return "newest"
    return found.sort_order


def exact_count(params: dict) -> int:
    return filtered(params).qs.count()


def exact_top(params: dict, size: int = TOP) -> list[tuple[int, float]] | None:
    """The true top `size` (id, rank) by the ranking function over every match, in plain
    SQL, ties broken as the site breaks them; None for a search without words (no rank)."""
    from django.db.models import F

    queryset = filtered({**params, "sort": "relevance"}).qs
    if "rank" not in queryset.query.annotations:
        return None
    ordered = queryset.order_by(F("rank").desc(), F("sort_date").desc(nulls_last=True), "-id")
    return list(ordered.values_list("pk", "rank")[: size + 1])


def ranks_of(params: dict, ids: list[int]) -> dict[int, float]:
    return dict(filtered(params).qs.filter(pk__in=ids).values_list("pk", "rank"))


def top_overlap(base: str, params: dict) -> str:
    """How many of the exact top 20 are on page 1 of the API in relevance order."""
    if "page" in params:
        return "–"
    exact = exact_top(params)
    if exact is None:
        return "–"
    query = urllib.parse.urlencode({**params, "sort": "relevance"})
    _, status, body = fetch(f"{base}/api/statements/?{query}")
    if status != 200:
        return f"HTTP {status}"
    shown = [row["id"] for row in json.loads(body)["results"]]
    return overlap_figure(exact, ranks_of(params, shown))


def overlap_figure(exact: list[tuple[int, float]], shown: dict[int, float]) -> str:
    """The share of the exact top 20 among the shown ids (with their ranks): "k/20". `exact`
    is the top 21 by rank: when the 21st shares the 20th's rank, the top 20 is not one set,
    and "(t with ties)" says how many shown could be in a top 20, where that differs."""
    top = exact[:TOP]
    found = len(shown.keys() & {pk for pk, _ in top})
    if len(top) < TOP:  # fewer matches than a page: all of them are the top
        return f"{found}/{len(top)}"
    last_rank = top[-1][1]
    if len(exact) > TOP and exact[TOP][1] == last_rank:
        tied = min(TOP, sum(rank >= last_rank for rank in shown.values()))
        if tied != found:
            return f"{found}/{TOP} ({tied} with ties)"
    return f"{found}/{TOP}"


def count_check(base: str, params: dict) -> str:
    """Whether the API's count is exact ("count_is_exact") and equals the exact count."""
    _, status, body = fetch(f"{base}/api/statements/?{urllib.parse.urlencode(params)}")
    if status != 200:
        return f"HTTP {status}"
    answer = json.loads(body)
    said_exact = answer.get("count_is_exact", answer.get("count_exact"))
    return count_figure(answer["count"], bool(said_exact), exact_count(params))


def count_figure(shown: int, said_exact: bool, true: int) -> str:
    """The count shown against the true one: "exact", "about N (true)", or WRONG when a
    count said to be exact is not."""
    if shown == true:
        return "exact" if said_exact else "exact, said about"
    if said_exact:
        return f"WRONG {shown:,} ≠ {true:,}"
    return f"about {shown:,} ({true:,})"


def fetch(url: str, timeout: float = 120) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return time.perf_counter() - started, status, body


@dataclass
class Target:
    """A URL timed in the loop: warmed `warm` times first (our workers more than once each);
    one with a budget leaves the loop once it has spent that many seconds and has
    `at_least` timings (a slow peer at a million rows would otherwise take hours)."""

    url: str
    warm: int = 6
    budget: float | None = None
    at_least: int = 5
    timeout: float = 120
    timings: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    def done(self, repeat: int) -> bool:
        if len(self.timings) >= repeat:
            return True
        spent = sum(self.timings) / 1000
        return (
            self.budget is not None and spent > self.budget and len(self.timings) >= self.at_least
        )

    @property
    def status(self) -> int:
        return max(self.statuses)


def timed(targets: list[Target], repeat: int) -> list[Target]:
    """The targets requested in turn, round after round, `repeat` times each (or until a
    target's budget is spent): requests alternate, so all meet the same conditions."""
    for target in targets:
        for _ in range(target.warm):
            fetch(target.url, target.timeout)
    while not all(target.done(repeat) for target in targets):
        for target in targets:
            if not target.done(repeat):
                seconds, status, _ = fetch(target.url, target.timeout)
                target.timings.append(seconds * 1000)
                target.statuses.add(status)
    return targets


def wait_for(url: str, what: str, seconds: float = 30) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not start")


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
    wait_for(f"http://127.0.0.1:{port}/statements/?q=x", "gunicorn")
    return server


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


def markdown_row(cells: list, widths: list[int]) -> str:
    padded = [
        str(cell).ljust(width) if index == 0 else str(cell).rjust(width)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "| " + " | ".join(padded) + " |"


def print_header(names: list[str], widths: list[int]) -> None:
    print(markdown_row(names, widths))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


MAIN_COLUMNS = ["class", "page p50", "p95", "max", "API p95", "sql ms", "page/sql"]
MAIN_COLUMNS += ["fresh p50", "fresh max", "count", "top 20"]
MAIN_WIDTHS = [20, 8, 5, 5, 7, 7, 8, 9, 9, 22, 20]
PEER_COLUMNS = ["class", "ours p50", "ours p95", "Datasette p50", "Datasette p95", "n"]
PEER_COLUMNS += ["Datasette/ours p95", "our count", "Datasette count", "Datasette order"]
PEER_WIDTHS = [20, 8, 8, 13, 13, 3, 18, 10, 15, 16]


class Peer:
    """Datasette serving the same corpus, and its table page for each class of the mix."""

    # A Datasette page can take minutes at a million rows: waited for that long.
    TIMEOUT = 900

    def __init__(self, data_dir: Path, page_size: int, budget: float):
        from bench import datasette_peer

        self.module = datasette_peer
        self.path = data_dir / "peer.db"
        self.page_size = page_size
        self.budget = budget
        self.rows: list[list] = []
        datasette_peer.copy_corpus(self.path)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.server = datasette_peer.start_datasette(self.path, port)

    def wait(self) -> None:
        wait_for(f"{self.base}/-/versions.json", "datasette", seconds=300)

    def target(self, params: dict) -> tuple[Target | None, str]:
        """The table page equivalent to the search (None if it has none), and the order it
        lists rows in."""
        from bench.peer_equivalents import peer_search

        search = peer_search(params, effective_order(params))
        if search is None:
            return None, "no equivalent"
        page = int(params.get("page", 1))
        url = self.module.table_page_url(self.base, self.path, search, page, self.page_size)
        order = "id (no rank)" if search.order == "id" else search.order
        # Its warm-up is the JSON request of count(): the same queries, facets included.
        return Target(url, warm=0, budget=self.budget, timeout=self.TIMEOUT), order

    def count(self, target: Target) -> str:
        """The count the page shows (Datasette counts exactly), and any facet it gave up."""
        _, status, body = fetch(self.module.json_url(target.url), self.TIMEOUT)
        if status != 200:
            return f"HTTP {status}"
        answer = json.loads(body)
        timed_out = answer.get("facets_timed_out") or []
        note = f" (facets timed out: {', '.join(timed_out)})" if timed_out else ""
        return f"{answer['filtered_table_rows_count']:,}{note}"

    def add_row(self, name: str, params: dict, ours: Target, peer: tuple, order: str):
        """A row of the comparison: `peer` is the peer's target (None if none) and count."""
        theirs, their_count = peer
        row = [name, f"{statistics.median(ours.timings):.0f}", p95(ours)]
        exact = f"{exact_count(params):,}"
        if theirs is None:
            self.rows.append([*row, "–", "–", "–", "–", exact, "–", order])
            return
        flag = "" if theirs.status == 200 else f" HTTP {theirs.status}"
        ratio = percentile(theirs.timings, 0.95) / percentile(ours.timings, 0.95)
        row += [
            f"{statistics.median(theirs.timings):.0f}",
            p95(theirs) + flag,
            str(len(theirs.timings)),
            f"{ratio:.2f}",
            exact,
            their_count,
            order,
        ]
        self.rows.append(row)

    def stop(self) -> None:
        self.module.stop(self.server)


def p95(target: Target) -> str:
    return f"{percentile(target.timings, 0.95):.0f}"


def fresh_timings(base: str, url: str, rounds: int = FRESH_ROUNDS) -> list[float]:
    """Milliseconds of a search asked for the first time since the archive changed: its
    result, facets and ranking not kept yet. The archive's own numbers (its size, its
    statements per month, its unfiltered facets) are kept again first, by another
    request, as any earlier visitor leaves them."""
    from statements.search.totals import archive_changed

    asked = urllib.parse.urlsplit(url)
    browsing = asked.path == "/statements/" and "q" not in urllib.parse.parse_qs(asked.query)
    other = f"{base}/statements/?q=warming" if browsing else f"{base}/statements/"
    timings = []
    for _ in range(rounds):
        archive_changed()  # outside a transaction: the kept numbers are forgotten at once
        fetch(other)
        timings.append(fetch(url)[0] * 1000)
    return timings


def measure_class(base: str, name: str, params: dict, repeat: int, peer: Peer | None):
    """One class: our page and API (and the peer's page) timed in one loop, our count
    checked, the exact top 20 compared with page 1; a row printed (the peer's kept)."""
    query = urllib.parse.urlencode(params)
    page = Target(f"{base}/statements/?{query}")
    api = Target(f"{base}/api/statements/?{query}")
    theirs, order = peer.target(params) if peer else (None, "")
    their_count = peer.count(theirs) if theirs else "–"
    fresh = fresh_timings(base, page.url)
    timed([page, api, theirs] if theirs else [page, api], repeat)
    sql = statistics.median(plain_sql(params) for _ in range(3)) * 1000
    flag = "" if page.status == api.status == 200 else f"  HTTP {page.status}/{api.status}"
    cells = [
        name,
        f"{statistics.median(page.timings):.0f}",
        p95(page),
        f"{max(page.timings):.0f}",
        p95(api),
        f"{sql:.0f}",
        f"{percentile(page.timings, 0.95) / sql:.2f}",
        f"{statistics.median(fresh):.0f}",
        f"{max(fresh):.0f}",
        count_check(base, params),
        top_overlap(base, params),
    ]
    print(markdown_row(cells, MAIN_WIDTHS) + flag, flush=True)
    if peer:
        peer.add_row(name, params, page, (theirs, their_count), order)


def measure_participant_page(base: str, repeat: int) -> None:
    """The page of the most used participant, timed and printed as a row."""
    from statements.models import Participant

    person = Participant.objects.most_used().first()
    url = f"{base}{person.get_absolute_url()}"
    fresh = fresh_timings(base, url)
    (participant_page,) = timed([Target(url)], repeat)
    timings = participant_page.timings
    cells = ["participant page", f"{statistics.median(timings):.0f}", p95(participant_page)]
    cells += [f"{max(timings):.0f}", *["–"] * 3, f"{statistics.median(fresh):.0f}"]
    print(markdown_row([*cells, f"{max(fresh):.0f}", "–", "–"], MAIN_WIDTHS))


NETWORK_MATCHES = 10_000  # issue 16: the network of a search with 10,000 matches, p95 <= 1 s
NETWORK_TARGET_MS = 1000


def word_matching_about(matches: int) -> str:
    """An English word found in about `matches` statements (from a 2% sample)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('simple', text) "
            "FROM statements_statement TABLESAMPLE SYSTEM (2) REPEATABLE (7) "
            "WHERE language = 'en'$$) WHERE length(word) >= 5 AND word ~ '^[a-z]+$' "
            "AND numnode(plainto_tsquery('archive_english', word)) > 0"
        )
        stats = cursor.fetchall()
    return min(stats, key=lambda row: abs(row[1] * 50 - matches))[0]


def measure_network(base: str, repeat: int) -> None:
    """Issue 16 item 3: who appears with whom in a search of about 10,000 matches: the
    page, the API and the CSV edge list, asked again (kept) and fresh; the matches counted
    exactly, and whether the page's p95 meets the target."""
    word = word_matching_about(NETWORK_MATCHES)
    matches = exact_count({"q": word})
    query = urllib.parse.urlencode({"q": word})
    page = Target(f"{base}/network/?{query}")
    api = Target(f"{base}/api/network/?{query}")
    edges = Target(f"{base}/network/edges.csv?{query}")
    fresh = fresh_timings(base, page.url)
    timed([page, api, edges], repeat)
    verdict = (
        "meets"
        if max(percentile(page.timings, 0.95), max(fresh)) <= NETWORK_TARGET_MS
        else "MISSES"
    )
    print(f"\nnetwork of “{word}” ({matches:,} matches): target p95 <= {NETWORK_TARGET_MS} ms\n")
    print_header(["what", "p50", "p95", "max", "fresh p50", "fresh max"], [14, 6, 6, 6, 9, 9])
    for name, target in (("page", page), ("API", api), ("edges.csv", edges)):
        cells = [name, f"{statistics.median(target.timings):.0f}", p95(target)]
        cells += [f"{max(target.timings):.0f}"]
        cells += (
            [f"{statistics.median(fresh):.0f}", f"{max(fresh):.0f}"]
            if target is page
            else ["–", "–"]
        )
        print(markdown_row(cells, [14, 6, 6, 6, 9, 9]))
    print(f"\nthe page {verdict} the target (its p95 and every fresh request)\n", flush=True)


def measure_analysis(base: str, words: dict[str, str], repeat: int) -> None:
    """Issue 16's targets, each page in turn (--analysis)."""
    measure_trends(base, repeat)
    measure_concordance(base, words, repeat)
    measure_network(base, repeat)


CONCORDANCE_CSV_LINES = 50_000


def measure_concordance(base: str, words: dict[str, str], repeat: int) -> None:
    """Issue 16's concordance targets: the first page of a word in about 6.5% of statements
    (p95 <= 500 ms), asked again and fresh; a neighbour sort of a result small enough to be
    read whole; and the CSV's first 50,000 lines (>= 5,000 lines/s)."""
    from statements.search.concordance import ALL_READ_UP_TO

    word = words["medium"]
    first_page = Target(f"{base}/concordance/?{urllib.parse.urlencode({'q': word})}")
    # The rare word over one year: about the size a neighbour sort reads whole.
    narrow = {"q": words["rare"], "date_from": "2020-01-01", "date_to": "2020-12-31"}
    by_left = Target(f"{base}/concordance/?{urllib.parse.urlencode({**narrow, 'sort': 'left'})}")
    timed([first_page, by_left], repeat)
    fresh = fresh_timings(base, first_page.url)
    _, _, body = fetch(by_left.url)
    found = re.search(rb"in <strong>([\d,]+)</strong> statement", body)
    print(
        f"\nconcordance of {word!r} (6.5%), first page:"
        f" p50 {percentile(first_page.timings, 0.5):.0f} ms, p95 {p95(first_page)} ms"
        f" (target <= 500), fresh max {max(fresh):.0f} ms;"
        f" status {first_page.status}"
    )
    print(
        f"concordance sorted by left neighbours, {narrow} ("
        f"{found.group(1).decode() if found else 'over ' + str(ALL_READ_UP_TO)} statements;"
        f" read whole up to {ALL_READ_UP_TO:,}): p95 {p95(by_left)} ms; status {by_left.status}"
    )
    url = f"{base}/concordance/export.csv?{urllib.parse.urlencode({'q': word})}"
    started = time.perf_counter()
    lines, at_target = 0, None
    # Read whole: a download left unread would keep a worker busy through what follows.
    with urllib.request.urlopen(url, timeout=3600) as response:
        reader = csv.reader(io.TextIOWrapper(response, encoding="utf-8", newline=""))
        next(reader)
        for lines, _ in enumerate(reader, start=1):
            if lines == CONCORDANCE_CSV_LINES:
                at_target = time.perf_counter() - started
    seconds = time.perf_counter() - started
    first = (
        f"its first {CONCORDANCE_CSV_LINES:,} in {at_target:.1f} s,"
        f" {CONCORDANCE_CSV_LINES / at_target:,.0f} lines/s; "
        if at_target
        else ""
    )
    print(
        f"concordance CSV of {word!r}: {first}all {lines:,} lines in {seconds:.1f} s,"
        f" {lines / seconds:,.0f} lines/s (target >= 5,000)"
    )


# The target for trends: three series of words each in at most 6.5% of the archive.
TRENDS_SHARE = 0.065
TRENDS_P95_MS = 1000


def trend_words(count: int = 3) -> list[str]:
    """The words closest below TRENDS_SHARE of the archive (the sample's share)."""
    below = [row for row in word_shares() if row[1] <= TRENDS_SHARE]
    return [word for word, _ in sorted(below, key=lambda row: -row[1])[:count]]


def measure_trends(base: str, repeat: int) -> None:
    """Trends of three words by month: the page and the API asked again and fresh (nothing
    of the searches kept), and each series' total checked against its exact count."""
    words = trend_words()
    query = urllib.parse.urlencode({"q": words, "per": "month"}, doseq=True)
    page, api = Target(f"{base}/trends/?{query}"), Target(f"{base}/api/trends/?{query}")
    fresh = fresh_timings(base, page.url)
    timed([page, api], repeat)
    answer = json.loads(fetch(api.url)[2])
    checks = []
    for series in answer["series"]:
        counted = sum(point["count"] for point in series["points"]) + series["undated"]
        checks.append(f"{series['query']} {counted:,}={exact_count({'q': series['query']}):,}")
    months = len(answer["periods"])
    verdict = "met" if percentile(fresh, 0.95) <= TRENDS_P95_MS else "NOT met"
    print(
        f"trends of {', '.join(words)} by month ({months} months): page p50"
        f" {statistics.median(page.timings):.0f} ms, p95 {p95(page)} ms; API p95 {p95(api)} ms;"
        f" fresh p50 {statistics.median(fresh):.0f} ms, max {max(fresh):.0f} ms"
        f" (target p95 ≤ {TRENDS_P95_MS} ms: {verdict}); exact: {'; '.join(checks)}",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--users", type=int, default=8, help="For the concurrent mix")
    parser.add_argument(
        "--only", action="append", metavar="CLASS", help="Time only this class (repeatable)"
    )
    parser.add_argument(
        "--analysis",
        action="store_true",
        help="Time only issue 16's analysis pages against their targets",
    )
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-mix", action="store_true", help="No concurrent mix")
    parser.add_argument(
        "--peer", choices=["datasette"], help="Also time the same searches on this tool"
    )
    parser.add_argument(
        "--peer-budget",
        type=float,
        default=120,
        help="Seconds of the peer's requests per class, after which it stops at 5 timings",
    )
    args = parser.parse_args()

    setup(args.statements)
    from statements.models import Statement
    from statements.search.paging import PAGE_SIZE

    print(f"archive: {Statement.objects.count():,} statements")
    words = pick_words()
    print("words:", ", ".join(f"{name} = {word}" for name, word in words.items()))
    mix = [
        (name, params) for name, params in query_mix(words) if not args.only or name in args.only
    ]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    peer = None
    server = start_server(port, args.workers)
    try:
        if args.peer:
            peer = Peer(Path(os.environ["ARCHIVE_DATA_DIR"]), PAGE_SIZE, args.peer_budget)
            peer.wait()  # in `try`: stopped whatever happens from here on
        if args.analysis:
            measure_analysis(base, words, args.repeat)
            return
        print(
            "\ncount: the API's count against the exact count in plain SQL; top 20: how many"
            " of the exact top 20 by rank are on page 1 of the API in relevance order; p50, p95,"
            " max: the search asked again (its result, facets and ranking kept, as when a reader"
            " pages on or steps through it); fresh: asked for the first time since the archive"
            f" changed ({FRESH_ROUNDS} times)\n"
        )
        print_header(MAIN_COLUMNS, MAIN_WIDTHS)
        urls = []
        for name, params in mix:
            urls.append(f"{base}/statements/?{urllib.parse.urlencode(params)}")
            measure_class(base, name, params, args.repeat, peer)
        if not args.only or "participant page" in args.only:
            measure_participant_page(base, args.repeat)
        if peer:
            print(
                f"\nDatasette {peer.module.datasette_version()}: the same searches on its table"
                " page (search, facets by kind, source, language, year and the participant"
                " and hashtag arrays, 20 rows), requests alternating with ours\n"
            )
            print_header(PEER_COLUMNS, PEER_WIDTHS)
            for row in peer.rows:
                print(markdown_row(row, PEER_WIDTHS))
            print()
        if not args.skip_mix:
            concurrent_mix(base, urls, args.users, 30)
        if not args.skip_export:
            csv_export(base, server)
    finally:
        if peer:
            peer.stop()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
