"""Logging in to the admin: the throttle says why it refuses, and cannot be turned
against an editor (issue 13 item 13). The `editor` persona's account is "editor"."""

import pytest
from django.test import Client

from statements import throttle

PROXY = "10.0.0.1"  # the reverse proxy in front of the site: every request comes from it
EDITOR_ADDRESS = "198.51.100.7"
ATTACKER = "203.0.113.9"


def log_in(client: Client, password: str, forwarded_for: str = ""):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=PROXY,
        **headers,
    )


def errors(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


@pytest.fixture
def behind_the_proxy(settings):
    settings.RATE_LIMIT_CLIENT_HEADER = "HTTP_X_FORWARDED_FOR"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's time, moved on by hand."""
    current = [1_000_000.0]
    monkeypatch.setattr(throttle, "now", lambda: current[0])
    return current


def test_a_locked_out_editor_is_told_so_not_that_the_password_is_wrong(editor_user, client):
    for _ in range(throttle.MAX_FAILURES):
        response = log_in(client, "wrong")
        assert "correct username and password" in errors(response)
    response = log_in(client, "pw-12345-long")
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed logins for this account: try again in 15 minutes." in errors(response)
    assert "correct username and password" not in errors(response)


def test_wrong_passwords_from_elsewhere_behind_the_proxy_do_not_lock_the_editor_out(
    editor_user, behind_the_proxy
):
    attacker = Client()
    for _ in range(throttle.MAX_FAILURES + 2):
        log_in(attacker, "guess", forwarded_for=ATTACKER)
        # Writing the editor's address first in the header changes nothing: the proxy's is last.
        log_in(attacker, "guess", forwarded_for=f"{EDITOR_ADDRESS}, {ATTACKER}")
    assert "Too many failed logins" in errors(log_in(attacker, "guess", forwarded_for=ATTACKER))
    response = log_in(Client(), "pw-12345-long", forwarded_for=EDITOR_ADDRESS)
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_guesses_from_many_addresses_back_off_for_a_minute_at_most(
    editor_user, behind_the_proxy, clock
):
    addresses = (f"203.0.113.{n}" for n in range(1, 200))
    for _ in range(throttle.ACCOUNT_FREE_FAILURES):
        assert "correct username" in errors(log_in(Client(), "guess", next(addresses)))
    # Each further failure doubles the wait, for every address: 1, 2, 4 … 60 seconds.
    for wait in (1, 2, 4, 8, 16, 32, 60, 60):
        refused = log_in(Client(), "guess", next(addresses))
        assert f"try again in {wait} second" in errors(refused)
        clock[0] += wait
        assert "correct username" in errors(log_in(Client(), "guess", next(addresses)))
    clock[0] += throttle.MAX_BACKOFF_SECONDS
    response = log_in(Client(), "pw-12345-long", forwarded_for=EDITOR_ADDRESS)
    assert response.status_code == 302
    # A right password forgets the failures.
    assert "correct username" in errors(log_in(Client(), "guess", next(addresses)))
