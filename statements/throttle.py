"""Logins throttled after repeated failures: five wrong passwords for one user name from
one address, and that name cannot log in from there for fifteen minutes. (The API's and
the exports' rate limits are middleware: archive/middleware.py.)"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

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
