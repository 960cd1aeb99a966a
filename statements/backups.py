"""Backups: the whole archive to one file (pg_dump's custom format) and back (pg_restore).

Works for the embedded server and for an external one (DATABASE_URL, any URL: a socket,
TLS options…): archive.postgres_clients says how the clients reach it.
"""

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from archive.postgres_clients import client, connection_to
from statements.search.totals import archive_changed


class BackupError(RuntimeError):
    pass


def default_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return settings.ARCHIVE_DATA_DIR / "backups" / f"archive-{stamp}.dump"


def backup(path: Path | None = None, database: str | None = None) -> Path:
    """Dump the archive (statements, revisions, participants, import runs, users: all of
    it) to a file; returns the file."""
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    server = connection_to(database)
    partial = path.with_suffix(path.suffix + ".partial")
    pg_dump = client("pg_dump", connections["default"].pg_version)
    run([pg_dump, "--format=custom", "--no-owner", "-f", str(partial),
         "--dbname", server.conninfo], server.environment)  # fmt: skip
    partial.replace(path)  # a dump that stopped part way never looks finished
    return path


def restore(path: Path, database: str | None = None) -> None:
    """Replace the archive with the backup's contents, in one transaction: a restore that
    fails leaves the archive as it was."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    server = connection_to(database)
    version = connections["default"].pg_version
    connections.close_all()
    command = [client("pg_restore", version), "--clean", "--if-exists", "--no-owner",
               "--single-transaction", "--exit-on-error", "--dbname", server.conninfo,
               str(path)]  # fmt: skip
    run(command, server.environment)
    archive_changed()  # nothing kept of the archive replaced stays


def run(command: list[str], environment: dict) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} failed: {done.stderr.strip() or done.stdout.strip()}")
