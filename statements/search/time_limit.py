"""Searches under a time limit: their queries are cancelled after SEARCH_TIMEOUT_MS, and
the reader gets a message (a page or JSON, as the view decides) instead of a tied-up worker."""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connections, router, transaction
from django.http import HttpRequest, HttpResponse
from psycopg.errors import QueryCanceled

TOO_SLOW = "This search took too long. Add a word or a filter to narrow it, and try again."

TooSlowResponse = Callable[[HttpRequest, str], HttpResponse]
T = TypeVar("T")


def search_time_limit(too_slow: TooSlowResponse) -> Callable:
    """A decorator running a public view in a transaction whose queries are cancelled after
    SEARCH_TIMEOUT_MS; a cancelled one answers too_slow(request, message), a 503."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            alias = router.db_for_read(None)  # a replica for public reading, if there is one
            try:
                with transaction.atomic(using=alias):
                    with connections[alias].cursor() as cursor:
                        cursor.execute(
                            "SELECT set_config('statement_timeout', %s, true)",
                            [str(settings.SEARCH_TIMEOUT_MS)],
                        )
                    return view(request, *args, **kwargs)
            except OperationalError as error:
                if not isinstance(error.__cause__, QueryCanceled):
                    raise
            return too_slow(request, TOO_SLOW)

        return limited

    return decorator


def unless_too_slow(lookup: Callable[[], T]) -> T | None:
    """The lookup's answer, or None when one of its queries was cancelled as too slow: it
    runs in a savepoint, so the page around it (a statement's) goes on without it."""
    alias = router.db_for_read(None)
    try:
        with transaction.atomic(using=alias):
            return lookup()
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
    return None
