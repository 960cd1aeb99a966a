"""Logins throttled after repeated failures, so that guessing a password is slow and no one
can lock an editor out. Two counts of wrong passwords, each reset by a right one:

- per account and client address: after MAX_FAILURES from one address, that address may not
  try the account for LOCKOUT_SECONDS. The address is the client's (archive.middleware's
  client_address: behind a proxy, from the header RATE_LIMIT_CLIENT_HEADER names), so
  someone else's wrong passwords never lock an editor out of their own address;
- per account, from any address: after ACCOUNT_FREE_FAILURES, each further try waits a
  back-off that doubles with each failure, up to MAX_BACKOFF_SECONDS: guessing from many
  addresses stays slow, and an editor waits a minute at most.

Tries refused while waiting are not counted. The admin's login form says why it refuses
(statements/admin/login.py); the backend refuses too, for any other way of logging in.
(The API's and the exports' rate limits are middleware: archive/middleware.py.)
"""

import math
import time

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest

from archive.middleware import client_address

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
ACCOUNT_FREE_FAILURES = 10
MAX_BACKOFF_SECONDS = 60
# How long an account's failures are remembered after the last one.
ACCOUNT_MEMORY_SECONDS = 24 * 3600


def now() -> float:
    return time.time()


def _account(username: str | None) -> str:
    return (username or "").strip().lower()


def _address_key(request: HttpRequest | None, username: str | None) -> str:
    address = client_address(request) if request is not None else ""
    return f"login-failures:{_account(username)}:{address}"


def _account_key(username: str | None) -> str:
    return f"login-failures:{_account(username)}"


def seconds_to_wait(request: HttpRequest | None, username: str | None) -> int:
    """How long this client must wait before trying the account again (0: it may try)."""
    locked_until = cache.get(_address_key(request, username))
    waits = [locked_until - now()] if locked_until else []
    failures, last = cache.get(_account_key(username), (0, 0.0))
    if failures >= ACCOUNT_FREE_FAILURES:
        backoff = min(2 ** (failures - ACCOUNT_FREE_FAILURES), MAX_BACKOFF_SECONDS)
        waits.append(last + backoff - now())
    return max([0, *(math.ceil(wait) for wait in waits)])


def refusal(seconds: int) -> str:
    """What a refused login is told."""
    if seconds > 90:
        wait = f"{round(seconds / 60)} minutes"
    else:
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"Too many failed logins for this account: try again in {wait}."


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if seconds_to_wait(request, username):
        return  # a try refused while waiting is no new failure
    address_key = _address_key(request, username)
    failures_here = cache.get(f"{address_key}:count", 0) + 1
    if failures_here >= MAX_FAILURES:
        cache.set(address_key, now() + LOCKOUT_SECONDS, LOCKOUT_SECONDS)
        cache.delete(f"{address_key}:count")
    else:
        cache.set(f"{address_key}:count", failures_here, LOCKOUT_SECONDS)
    failures, _ = cache.get(_account_key(username), (0, 0.0))
    cache.set(_account_key(username), (failures + 1, now()), ACCOUNT_MEMORY_SECONDS)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    """A right password clears the account's failures, from everywhere."""
    username = user.get_username()
    cache.delete_many([_account_key(username), f"{_address_key(request, username)}:count"])


class ThrottledModelBackend(ModelBackend):
    """The usual backend, refusing an account its client must wait for."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if seconds_to_wait(request, username):
            raise PermissionDenied(refusal(seconds_to_wait(request, username)))
        return super().authenticate(request, username=username, password=password, **kwargs)
