"""The peer of the search bench: the same corpus in SQLite, served by Datasette.

What a researcher would otherwise do with the archive's statements: copy them into SQLite
with sqlite-utils (full-text search with FTS5 and the porter tokenizer, participants and
hashtags as JSON arrays) and browse them with Datasette's table page, searching with
`_search` and faceting by columns (`_facet`) and by JSON arrays (`_facet_array`).

Needs the bench extra (`pip install -e '.[bench]'`); imported by search_bench.py after
Django is set up, and only for `--peer datasette`.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import sqlite_utils
from datasette.utils import tilde_encode
from datasette.version import __version__

from bench.peer_equivalents import COPY_BATCH, TABLE, PeerSearch, corpus_rows, page_start_sql
from statements.models import Statement

FTS_COLUMNS = ["title", "text", "participants", "hashtags"]
# Datasette's limits are raised so it answers every class in full: by default a query
# stops at 1 s and a facet at 200 ms (a timed-out facet is left off the page). Facet
# suggestions (extra queries on every table page that ours has no equivalent of) are off.
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": "600000",
    "facet_time_limit_ms": "600000",
    "suggest_facets": "off",
}
# The facets of our search page that a Datasette table page can show: columns and arrays.
FACETS = [("_facet", "kind"), ("_facet", "source"), ("_facet", "language"), ("_facet", "year")]
ARRAY_FACETS = [("_facet_array", "participants"), ("_facet_array", "hashtags")]


# The copy ------------------------------------------------------------------------------


def copied_rows(path: Path) -> int | None:
    """Rows of a finished copy at the path (its full-text index built), else None."""
    if not path.exists():
        return None
    database = sqlite_utils.Database(path)
    if TABLE not in database.table_names() or not database[TABLE].detect_fts():
        return None
    return database[TABLE].count


def copy_corpus(path: Path) -> None:
    """The listed statements copied into SQLite at the path, once: a copy whose row count
    matches is reused. Written in batches to a partial file, renamed when complete."""
    expected = Statement.objects.listed().count()
    found = copied_rows(path)
    if found == expected:
        print(f"peer: reusing {path.name} ({found:,} statements)")
        return
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    database = sqlite_utils.Database(partial)
    table = database[TABLE]
    columns = {
        "id": int,
        "title": str,
        "text": str,
        "date": str,
        "year": int,
        "kind": str,
        "source": str,
        "language": str,
        "participants": str,
        "hashtags": str,
    }
    table.create(columns, pk="id")
    table.insert_all(corpus_rows(), batch_size=COPY_BATCH)
    copied = time.perf_counter()
    table.enable_fts(FTS_COLUMNS, tokenize="porter", create_triggers=False)
    table.create_index(["date"])  # what `_sort_desc=date` needs
    database.analyze()
    database.close()
    partial.replace(path)
    print(
        f"peer: {expected:,} statements copied into {path.name} in {copied - started:.0f} s, "
        f"full-text index and date index in {time.perf_counter() - copied:.0f} s"
    )


# The server ----------------------------------------------------------------------------


def start_datasette(path: Path, port: int) -> subprocess.Popen:
    """`datasette serve` on loopback, the database immutable (as published data is)."""
    settings = [
        arg for name, value in DATASETTE_SETTINGS.items() for arg in ("--setting", name, value)
    ]
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "datasette"),
            "serve",
            "-i",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *settings,
        ],
        env=os.environ.copy(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def next_token(path: Path, search: PeerSearch, offset: int) -> str | None:
    """Datasette's `_next` token that starts its page at the offset: the sort value and
    primary key of the row before it, in Datasette's order (sort column, then id)."""
    database = sqlite_utils.Database(path)
    row = database.execute(*page_start_sql(search, offset)).fetchone()
    database.close()
    if row is None:
        return None
    date, pk = row
    if search.order == "id":
        return str(pk)
    return f"{'$null' if date is None else tilde_encode(date)},{pk}"


def table_page_url(base: str, path: Path, search: PeerSearch, page: int, size: int) -> str:
    """The table page with the search, the facets and a page of `size` rows; a deep page
    through the `_next` token a reader following Datasette's Next links would reach."""
    args = [*search.args, *FACETS, *ARRAY_FACETS, ("_size", str(size))]
    if page > 1:
        token = next_token(path, search, (page - 1) * size)
        if token is not None:
            args.append(("_next", token))
    return f"{base}/{path.stem}/{TABLE}?{urllib.parse.urlencode(args)}"


def json_url(page_url: str) -> str:
    """The same table page as JSON (its `filtered_table_rows_count` is the count shown)."""
    parts = urllib.parse.urlsplit(page_url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path + ".json"))


def datasette_version() -> str:
    return __version__
