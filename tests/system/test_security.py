"""Deploy settings, the Content-Security-Policy, escaping on every path, CSRF, rate and
size limits."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver

from archive.middleware import LIMIT_BY_URL_NAME
from tests import factories as make

ROOT = Path(__file__).resolve().parents[2]
MARKUP = "<script>alert('x')</script><img src=x onerror=alert(1)>"
# A script run in the page; a data block (JSON-LD for reference managers) is not one.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)


def test_production_settings_pass_the_deploy_check():
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
        "ALLOWED_HOSTS": "archive.example.org",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.fixture
def marked_up(db):
    """Markup in every string a user or a source controls."""
    statement = make.statement(
        make.source(f"Source {MARKUP}", slug="evil", handle="evil"),
        f"Kosovo {MARKUP}",
        participants=[make.participant(f"Person {MARKUP}", aliases=[MARKUP])],
        hashtags=[make.hashtag(f"#{MARKUP}", slug="evil-tag")],
        text=f"Talks on Kosovo {MARKUP}", location=MARKUP, event_date_text=MARKUP,
        forwarded_from=MARKUP, raw={"text": MARKUP},
    )  # fmt: skip
    make.revision(statement, {"title": MARKUP}, note=MARKUP)
    return statement


def public_urls(statement) -> list[str]:
    return [
        "/",
        "/statements/?q=kosovo",
        f"/statements/?q={MARKUP}",
        f"/statements/?q=kosovo+person:{MARKUP}",
        f"/statements/{statement.pk}/?q=kosovo",
        f"/participants/{statement.participants.get().slug}/",
        "/hashtags/evil-tag/",
        "/search-help/",
        "/statements/columns/",
    ]


def test_markup_is_escaped_on_every_page(marked_up, researcher):
    for url in public_urls(marked_up):
        response = researcher.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_markup_is_escaped_in_the_admin(marked_up, admin_client):
    for url in [
        "/admin/statements/statement/?q=kosovo",
        f"/admin/statements/statement/{marked_up.pk}/change/",
        f"/admin/statements/statement/{marked_up.pk}/versions/",
        "/admin/statements/participant/",
        "/admin/statements/source/",
    ]:
        html = admin_client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_feeds_exports_and_json_carry_markup_as_text(marked_up, researcher):
    feed = researcher.get("/statements/feed.atom?q=kosovo").content.decode()
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    api = researcher.get("/api/statements/?q=kosovo")
    assert api["Content-Type"].startswith("application/json")
    assert api.json()["results"][0]["title"].endswith(MARKUP)  # data, for the program to escape
    raw = researcher.get(f"/statements/{marked_up.pk}/source.json")
    assert raw["Content-Type"].startswith("application/json")
    export = researcher.get("/statements/export.csv?q=kosovo")
    assert export["Content-Type"].startswith("text/csv")


def test_pages_carry_a_strict_policy_and_need_no_inline_script_or_style(marked_up, researcher):
    for url in public_urls(marked_up):
        response = researcher.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "frame-ancestors 'none'" in policy
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert "<style" not in html and " style=" not in html, url
        assert response["X-Frame-Options"] == "DENY"


def test_admin_pages_need_no_inline_style(marked_up, admin_client):
    html = admin_client.get(f"/admin/statements/statement/{marked_up.pk}/change/").content
    assert b" style=" not in html and b"<style" not in html


def test_admin_forms_refuse_a_post_without_the_csrf_token(marked_up, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/statements/statement/",
        {"action": "hide", "_selected_action": [marked_up.pk], "index": 0},
    )
    assert response.status_code == 403
    marked_up.refresh_from_db()
    assert marked_up.status == "published"


def test_the_api_and_exports_are_rate_limited_with_retry_after(researcher, settings, monkeypatch):
    # One moment for every request: a window that ends between two of them starts a new count.
    monkeypatch.setattr("archive.middleware.seconds_now", lambda: 1_800_000_030)
    settings.API_REQUESTS_PER_MINUTE = 3
    settings.EXPORTS_PER_HOUR = 1
    assert [researcher.get("/api/statements/").status_code for _ in range(3)] == [200] * 3
    refused = researcher.get("/api/statements/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["errors"]["__all__"][0]
    assert researcher.get("/statements/").status_code == 200  # pages are not limited
    assert researcher.get("/statements/export.csv").status_code == 200
    second = researcher.get("/statements/export.csv")
    assert second.status_code == 429 and int(second["Retry-After"]) <= 3600


def test_every_api_and_export_url_has_a_rate_limit():
    names = [key for key in get_resolver().reverse_dict if isinstance(key, str)]
    limited = {name for name in names if name.startswith(("api-", "export-"))}
    assert limited and limited <= set(LIMIT_BY_URL_NAME)


def test_uploads_over_the_size_limit_are_refused_with_a_message(db, admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("result.json", b'{"messages": []}' * 4)
    response = admin_client.post(
        "/admin/statements/importrun/upload/",
        {"file": upload, "format": "auto", "timezone": "UTC"},
    )
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
