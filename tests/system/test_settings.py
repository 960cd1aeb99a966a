"""Start-up configuration from the environment, and the embedded database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
SHOW_SETTINGS = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'archive.settings'); "
    "from django.conf import settings; db = settings.DATABASES['default']; "
    "print(settings.DEBUG, settings.ALLOWED_HOSTS, db['HOST'], db['NAME'])"
)


def start(code: str, **env) -> subprocess.CompletedProcess:
    return run_python(["-c", code], **env)


def run_python(arguments: list[str], **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"CSRF_TRUSTED_ORIGINS": "example.org"}, "CSRF_TRUSTED_ORIGINS"),
        ({"SEARCH_TIMEOUT_MS": "soon"}, "SEARCH_TIMEOUT_MS"),
        ({"DATABASE_URL": "mysql://user@host/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"SITE_URL": "archive.example.org"}, "SITE_URL"),
        ({"DEBUG": "false", "SECRET_KEY": "k", "EMAIL_HOST": "smtp.example.org"}, "SITE_URL"),
        ({"EMAIL_USE_SSL": "true"}, "EMAIL_USE_SSL"),
        ({"ALERT_SIGNUPS_PER_HOUR": "many"}, "ALERT_SIGNUPS_PER_HOUR"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, variable):
    env.setdefault("DATABASE_URL", "postgres://archive@127.0.0.1:1/archive")
    result = start(SHOW_SETTINGS, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_settings_come_from_the_environment(tmp_path):
    result = start(
        SHOW_SETTINGS,
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="archive.example.org, other.example.org",
        DATABASE_URL="postgres://archive:pw@db.internal:5432/statements",
        ARCHIVE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['archive.example.org',",
        "'other.example.org']",
        "db.internal",
        "statements",
    ]
    assert list(tmp_path.iterdir()) == []  # with DATABASE_URL no embedded server is started


@pytest.mark.parametrize(
    "command",
    [["check"], ["collectstatic", "--noinput"], ["makemigrations", "--check", "--dry-run"]],
)
def test_commands_that_need_no_database_start_no_embedded_server(tmp_path, command):
    data_dir = tmp_path / "data"
    result = run_python(
        ["manage.py", *command],
        ARCHIVE_DATA_DIR=str(data_dir),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr
    assert not (data_dir / "postgres").exists()


def test_without_database_url_an_embedded_server_starts_and_stops_with_the_process(tmp_path):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'archive.settings'; import django; "
        "django.setup(); from django.db import connection; "
        "print(connection.cursor().connection.execute('show server_version_num').fetchone()[0])"
    )
    result = start(code, ARCHIVE_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 150000
    assert (tmp_path / "postgres" / "PG_VERSION").exists()
    assert not (tmp_path / "postgres" / "postmaster.pid").exists()  # shut down cleanly


def test_the_test_database_is_a_supported_postgresql(db):
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 150000
