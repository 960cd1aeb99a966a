"""When the database is away: a 503 with Retry-After instead of an error page, and a health
check for load balancers. Connections come back by themselves once the server is back
(CONN_HEALTH_CHECKS: a dead kept connection is replaced at the next request)."""

import logging

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("unavailable.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and not database_reachable():
            logger.error("Database unavailable: %s", exception)
            return unavailable()
        return None


def database_reachable() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except OperationalError:
        connection.close()
        return False


def healthz(request):
    """200 "ok" while the database answers, else 503 (for load balancers and monitors)."""
    if database_reachable():
        return HttpResponse("ok\n", content_type="text/plain")
    return unavailable()
