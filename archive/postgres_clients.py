"""How the PostgreSQL clients (pg_dump, pg_restore, psql, pg_basebackup…) reach the
archive's database: the Django connection settings as one libpq conninfo string.

Every option of the server's URL goes with it: a Unix socket directory as host, the port,
the user, sslmode, sslrootcert, options and any other libpq keyword in OPTIONS. The
password goes in the environment (PGPASSWORD), never on a command line others can read.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from psycopg.conninfo import make_conninfo

from archive.embedded_db import BINARIES

# OPTIONS that Django or psycopg read themselves; libpq knows none of them.
NOT_FOR_LIBPQ = frozenset(
    {
        "isolation_level",
        "assume_role",
        "pool",
        "server_side_binding",
        "cursor_factory",
        "context",
        "prepare_threshold",
    }  # fmt: skip
)


@dataclass(frozen=True)
class ClientConnection:
    conninfo: str  # for --dbname (pg_dump, pg_restore, pg_basebackup) or psql's first argument
    environment: dict[str, str]  # this process's environment, with PGPASSWORD when one is set


def client_connection(
    settings_dict: dict, database: str | None = None, host: str | None = None
) -> ClientConnection:
    """The database of settings_dict (or another database on its server) as the clients
    take it. `host` stands in for an empty HOST: the address the driver really used (its
    default socket directory need not be the clients' default)."""
    options = {
        key: value
        for key, value in (settings_dict.get("OPTIONS") or {}).items()
        if key not in NOT_FOR_LIBPQ
    }
    parameters = {
        **options,
        "dbname": database or settings_dict["NAME"] or options.get("dbname"),
        "user": settings_dict.get("USER") or options.get("user"),
        "host": settings_dict.get("HOST") or options.get("host") or host,
        "port": settings_dict.get("PORT") or options.get("port"),
    }
    parameters.pop("password", None)
    conninfo = make_conninfo(
        "", **{key: str(value) for key, value in parameters.items() if value not in (None, "")}
    )
    environment = dict(os.environ)
    password = settings_dict.get("PASSWORD") or options.get("password")
    if password:
        environment["PGPASSWORD"] = str(password)
    return ClientConnection(conninfo, environment)


def connection_to(database: str | None = None, alias: str = "default") -> ClientConnection:
    """The archive's database (or another database on its server), as the clients take
    it. An empty HOST means the driver's default socket directory, which the clients need
    not share: the one the driver really used is named instead."""
    connection = connections[alias]
    connection.ensure_connection()  # the embedded server's address is known once connected
    return client_connection(connection.settings_dict, database, connection.connection.info.host)


def client(name: str, server_version: int | None = None) -> str:
    """A PostgreSQL client program for a server of the given version (as server_version_num,
    150004): the server's own major version where the system has it (Debian and Ubuntu keep
    each in /usr/lib/postgresql/<major>/bin), else the embedded server's newer ones. Newer
    clients read older servers, but a dump they make sets parameters an older server refuses
    on restore (transaction_timeout)."""
    if server_version:
        own = Path("/usr/lib/postgresql") / str(server_version // 10000) / "bin" / name
        if own.is_file():
            return str(own)
    return str(BINARIES / name)
