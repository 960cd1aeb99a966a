"""Faults, for real: the database stopped under a running site, an import killed part way."""

import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from bench.corpus import channel_export
from statements.models import ImportRun, Statement
from tests import factories as make
from tests.importers.test_sync import FakePreview
from tests.servers import copy_of_test_server, database_url, free_port

pytestmark = pytest.mark.django_db(transaction=True)  # the other processes see the data
ROOT = Path(__file__).resolve().parents[2]


def site_environment(config: dict, tmp_path) -> dict:
    """Production settings, reading the given database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(config),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_stopped_database_gives_503_with_retry_after_then_the_site_recovers(tmp_path):
    make.statement(title="Talks on Kosovo")
    with copy_of_test_server(standby=False) as database:
        environment = site_environment(database.settings(), tmp_path)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=environment,
                       check=True, cwd=ROOT)  # fmt: skip
        port = free_port()
        site = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "archive.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if get(f"{base}/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            status, _, body = get(f"{base}/statements/?q=kosovo")
            assert status == 200 and "Talks on <mark>Kosovo</mark>" in body

            database.stop()
            for url in ["/statements/?q=kosovo", "/api/statements/", "/healthz", "/"]:
                status, headers, body = get(base + url)
                assert status == 503, url
                assert headers["Retry-After"] == "30"
                assert "briefly unavailable" in body and "Traceback" not in body

            database.start()
            status, _, body = get(f"{base}/statements/?q=kosovo")
            assert status == 200 and "Talks on <mark>Kosovo</mark>" in body
        finally:
            site.terminate()
            site.wait(timeout=10)


def test_an_import_killed_part_way_leaves_nothing_and_a_rerun_completes(tmp_path):
    export = channel_export(tmp_path / "result.json", 6000, name="Killed import")
    environment = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
    command = [sys.executable, str(ROOT / "manage.py"), "import_statements", str(export)]
    importing = subprocess.Popen(command, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    # Killed once it is writing: when its run is recorded, then a moment later.
    for _ in range(300):
        if ImportRun.objects.exists() or importing.poll() is not None:
            break
        time.sleep(0.05)
    time.sleep(random.Random(3).uniform(0.2, 1.0))
    assert importing.poll() is None, "the import finished before it could be killed"
    os.killpg(importing.pid, signal.SIGKILL)
    importing.wait(timeout=10)

    assert Statement.objects.count() == 0  # the file's transaction never committed
    done = subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Statement.objects.count() == 6000
    assert Statement.objects.values("source_message_id").distinct().count() == 6000


def test_a_sync_killed_part_way_is_completed_by_the_next_run(settings):
    preview = FakePreview()
    preview.newest = 30  # ten pages of three
    try:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(connection.settings_dict),
            "TELEGRAM_PREVIEW_URL": preview.url,
            "SYNC_DELAY_MS": "300",
        }
        syncing = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "sync_channel", "mfa_test"],
            env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(200):
            if len(preview.requests) >= 4:
                break
            time.sleep(0.05)
        assert syncing.poll() is None, "the sync finished before it could be killed"
        os.killpg(syncing.pid, signal.SIGKILL)
        syncing.wait(timeout=10)

        settings.TELEGRAM_PREVIEW_URL = preview.url
        settings.SYNC_DELAY_SECONDS = 0
        call_command("sync_channel", "mfa_test", stdout=StringIO())
        ids = sorted(Statement.objects.values_list("source_message_id", flat=True))
        assert ids == list(range(1, 31))  # every post, once
    finally:
        preview.stop()
