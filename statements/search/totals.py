"""Numbers kept for a few minutes, since working them out reads many statements: the
whole archive's (its size, the unfiltered facets and timeline, totals per period) and
each search's (its result, facets and ranking: kept_for, in a cache of their own so that
many searches never push the archive's numbers out).

They are kept under a key naming the database (two archives served from one checkout
share a cache folder, not their numbers) and a generation that every write to the archive
moves on once committed: imports, corrections, merges, duplicate decisions, restores,
migrations and the admin's saves call `archive_changed()`, so a reader sees new numbers at
once, not minutes later. A transaction that has written reads its own numbers afresh.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache, caches
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from statements.models import Hashtag, Participant, Source, Statement

T = TypeVar("T")

# How long the numbers are kept when nothing changes (a write the code does not see, such
# as SQL typed by hand, is picked up after this).
KEPT_SECONDS = 300
# The cache alias of each search's kept result, facets and ranking (settings.CACHES).
SEARCHES_CACHE = "searches"


def _database() -> str:
    settings = connections[DEFAULT_DB_ALIAS].settings_dict
    return f"{settings['NAME']}@{settings['HOST']}:{settings['PORT']}"


def _generation_key() -> str:
    return f"archive-generation:{_database()}"


def kept(name: str, compute: Callable[[], T], kept_in: str = "default") -> T:
    """The named number of the archive as it is now: kept, or computed and kept; computed
    and not kept by a transaction that has written to the archive (others must not read
    what it may yet roll back)."""
    if _written_here():
        return compute()
    generation = cache.get_or_set(_generation_key(), _new_generation, None)
    key = f"{name}:{_database()}:{generation}"
    return caches[kept_in].get_or_set(key, compute, KEPT_SECONDS)


def kept_for(name: str, queryset: models.QuerySet, compute: Callable[[], T]) -> T:
    """kept() for what is computed from one search (its result, its facets, its
    ranking): kept under the SQL of its queryset, so the same search asked again, paged or
    stepped through from a statement page reads it, not the matches."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing: nothing to read either
        return compute()
    key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    return kept(f"{name}:{key}", compute, kept_in=SEARCHES_CACHE)


def _new_generation() -> int:
    """A generation never used before (the time in nanoseconds): numbers kept under an
    earlier one are never read again, even if the cache lost the current one."""
    return time.time_ns()


def _written_here() -> bool:
    """Whether this thread's transaction has written to the archive, uncommitted yet."""
    pending = connections[DEFAULT_DB_ALIAS].run_on_commit
    return any(callback is _next_generation for _, callback, _ in pending)


def archive_changed() -> None:
    """The archive was written to: the kept numbers are out of date once the write is
    committed (before, a reader would keep the old numbers under the new generation); the
    writer's own transaction reads them afresh until then (kept)."""
    transaction.on_commit(_next_generation)


def _next_generation() -> None:
    cache.set(_generation_key(), _new_generation(), None)


def changes_the_archive(service: Callable[..., T]) -> Callable[..., T]:
    """Mark a service that writes to the archive: once it returns, the kept numbers are
    out of date."""

    @wraps(service)
    def changed(*args, **kwargs) -> T:
        result = service(*args, **kwargs)
        archive_changed()
        return result

    return changed


def _saved_or_deleted(**kwargs: object) -> None:
    archive_changed()


def _migrated(**kwargs: object) -> None:
    _next_generation()  # a migration may rewrite statements (0013 detects languages again)


def watch_admin_writes() -> None:
    """What the admin's forms save or delete one row at a time changes the numbers too, and
    so does a migration.
    (Statements are saved one by one by re-imports as well; their writers and the admin
    call archive_changed once instead.)"""
    for model in (Participant, Hashtag, Source):
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"totals-{model.__name__}")
        post_delete.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"totals-{model.__name__}"
        )
    post_delete.connect(_saved_or_deleted, sender=Statement, dispatch_uid="totals-Statement")
    post_migrate.connect(
        _migrated, sender=apps.get_app_config("statements"), dispatch_uid="totals-migrate"
    )
