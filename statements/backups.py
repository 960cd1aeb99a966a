"""Backups: the whole archive to one file (pg_dump's custom format) and back (pg_restore).

Works for the embedded server and for an external one (DATABASE_URL): the clients come
with the embedded server's binaries, which read servers of PostgreSQL 15 and later.
"""

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from archive.embedded_db import BINARIES
from statements.search.totals import archive_changed


class BackupError(RuntimeError):
    pass


def client(name: str) -> str:
    return str(BINARIES / name)


def connection_arguments(database: str | None = None) -> tuple[list[str], dict]:
    """Where the archive's database is, as the PostgreSQL clients take it."""
    connection = connections["default"]
    connection.ensure_connection()  # the embedded server's address is known once connected
    config = connection.settings_dict
    arguments = ["-h", str(config["HOST"] or "localhost"), "-p", str(config["PORT"] or 5432)]
    if config["USER"]:
        arguments += ["-U", config["USER"]]
    environment = {**os.environ, "PGPASSWORD": config["PASSWORD"] or ""}
    return [*arguments, "-d", database or config["NAME"]], environment


def default_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return settings.ARCHIVE_DATA_DIR / "backups" / f"archive-{stamp}.dump"


def backup(path: Path | None = None, database: str | None = None) -> Path:
    """Dump the archive (statements, revisions, participants, import runs, users: all of
    it) to a file; returns the file."""
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    arguments, environment = connection_arguments(database)
    partial = path.with_suffix(path.suffix + ".partial")
    run([client("pg_dump"), "--format=custom", "--no-owner", "-f", str(partial), *arguments],
        environment)  # fmt: skip
    partial.replace(path)  # a dump that stopped part way never looks finished
    return path


def restore(path: Path, database: str | None = None) -> None:
    """Replace the archive with the backup's contents, in one transaction: a restore that
    fails leaves the archive as it was."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    arguments, environment = connection_arguments(database)
    connections.close_all()
    run([client("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         "--exit-on-error", *arguments, str(path)], environment)  # fmt: skip
    archive_changed()  # nothing kept of the archive replaced stays


def run(command: list[str], environment: dict) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(f"{name} failed: {done.stderr.strip() or done.stdout.strip()}")
