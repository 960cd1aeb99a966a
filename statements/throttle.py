"""Throttling. Logins after repeated failures: five wrong passwords for one user name from
one address, and that name cannot log in from there for fifteen minutes. The API and the
exports: a configurable number of requests per client and window."""

import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


def _key(request, username) -> str:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return f"login-failures:{(username or '').lower()}:{address}"


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    key = _key(request, credentials.get("username"))
    cache.add(key, 0, LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOCKOUT_SECONDS)


class ThrottledModelBackend(ModelBackend):
    """The usual backend, refusing a name locked out after too many failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if cache.get(_key(request, username), 0) >= MAX_FAILURES:
            raise PermissionDenied("Too many failed logins; try again in 15 minutes.")
        return super().authenticate(request, username=username, password=password, **kwargs)


# Rate limits of the API and the exports, per client address: (setting, window seconds).
RATE_LIMITS = {
    "/api/": ("API_REQUESTS_PER_MINUTE", 60),
    "/statements/export.": ("EXPORTS_PER_HOUR", 3600),
}


class RateLimitMiddleware:
    """Answers 429 (with Retry-After) to a client over the API's or the exports' limit.

    Counted per window in the cache, by the address REMOTE_ADDR gives (behind a proxy,
    RATE_LIMIT_CLIENT_HEADER names the header holding the client's address instead).
    A limit of 0 turns it off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for prefix, (setting, window) in RATE_LIMITS.items():
            limit = getattr(settings, setting)
            if limit and request.path.startswith(prefix):
                refused = self.over_limit(request, prefix, limit, window)
                if refused is not None:
                    return refused
        return self.get_response(request)

    @staticmethod
    def over_limit(request, prefix: str, limit: int, window: int):
        now = int(time.time())
        client = request.META.get(settings.RATE_LIMIT_CLIENT_HEADER, "").split(",")[0].strip()
        key = f"rate:{prefix}:{client}:{now // window}"
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            count = 1
        if count <= limit:
            return None
        wait = window - now % window
        message = f"Too many requests: at most {limit} every {window // 60} minutes. "
        message += f"Try again in {wait} seconds."
        if prefix == "/api/":
            response = JsonResponse({"errors": {"__all__": [message]}}, status=429)
        else:
            response = HttpResponse(message + "\n", status=429, content_type="text/plain")
        response["Retry-After"] = str(wait)
        return response
