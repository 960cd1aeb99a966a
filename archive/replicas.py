"""Read replicas: public reading goes to PostgreSQL streaming replicas, the rest to the primary.

DATABASE_REPLICA_URLS lists replicas of the primary (DATABASE_URL). A GET or HEAD outside
the admin is public reading (pages, the API, exports, feeds): its queries go to one
replica, taken in turn. A replica that cannot be reached is left alone for a while and
the request is served by the primary, also when the replica fails during the request.
Everything else (the admin, imports, commands, every write) uses the primary.
"""

import contextvars
import itertools
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

logger = logging.getLogger(__name__)

# A replica that failed is not tried again for this long.
DOWN_SECONDS = 30

_reading_from = contextvars.ContextVar("reading_from", default=None)
_down_until: dict[str, float] = {}
_turns = itertools.count()


def replica_for_reading() -> str | None:
    """A reachable replica, in turn; None when there is none."""
    aliases = settings.DATABASE_REPLICAS
    start = next(_turns)
    for offset in range(len(aliases)):
        alias = aliases[(start + offset) % len(aliases)]
        if _down_until.get(alias, 0) > time.monotonic():
            continue
        replica = connections[alias]
        try:
            if replica.connection is not None and not replica.is_usable():
                replica.close()  # a kept connection to a replica that went away
            replica.ensure_connection()
        except OperationalError as error:
            mark_down(alias, error)
            continue
        return alias
    return None


def mark_down(alias: str, error) -> None:
    logger.warning("Replica %s is unavailable (%s); reading from the primary", alias, error)
    _down_until[alias] = time.monotonic() + DOWN_SECONDS
    connections[alias].close_if_unusable_or_obsolete()


def is_public_reading(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith("/admin/")


class ReplicaMiddleware:
    """Sends the queries of public reading requests to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = (
            replica_for_reading()
            if settings.DATABASE_REPLICAS and is_public_reading(request)
            else None
        )
        token = _reading_from.set(alias)
        try:
            return self.get_response(request)
        finally:
            _reading_from.reset(token)

    def process_exception(self, request, exception):
        """A replica that fails mid-request: the request again, from the primary."""
        alias = _reading_from.get()
        if alias is None or not isinstance(exception, OperationalError):
            return None
        mark_down(alias, exception)
        _reading_from.set(None)
        return self.get_response(request)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reading_from.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first, second, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
