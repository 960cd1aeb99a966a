"""Django's PostgreSQL backend, on the embedded server started at the first connection.

Settings name this backend with an empty HOST and PORT; the first connection a process
opens starts the server (or joins the one already running) and writes its address into
the connection's settings, which are the same dict as `settings.DATABASES["default"]`:
code that reads HOST and PORT after connecting (backups, test servers) finds them there.
Importing settings, `collectstatic` and `check` open no connection and start nothing.
"""

import contextlib
import contextvars
from collections.abc import Iterator

from django.conf import settings
from django.db import OperationalError
from django.db.backends.postgresql import base as postgresql

from archive import embedded_db

_may_start = contextvars.ContextVar("may_start_embedded_server", default=True)


@contextlib.contextmanager
def only_a_running_server() -> Iterator[None]:
    """Within this block connections use the embedded server only if it already runs;
    otherwise they fail with OperationalError instead of starting it."""
    token = _may_start.set(False)
    try:
        yield
    finally:
        _may_start.reset(token)


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        if not self.settings_dict["HOST"]:
            self.settings_dict.update(self._server_address())
        return super().get_connection_params()

    def _server_address(self) -> dict[str, str]:
        data_dir = settings.ARCHIVE_DATA_DIR
        if _may_start.get():
            return embedded_db.server_address(data_dir)
        address = embedded_db.running_server_address(data_dir)
        if address is None:
            raise OperationalError("the embedded PostgreSQL server is not running")
        return address
