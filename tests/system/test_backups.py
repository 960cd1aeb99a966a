"""Backup and restore round trip: archive → dump → a fresh database → the same archive."""

import uuid
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.postgres_clients import connection_to
from statements.backups import BackupError, backup, restore
from statements.importers.run import import_paths
from statements.models import ImportRun, Participant, Statement
from tests import factories as make

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only

COUNTED = {
    "statements": "SELECT count(*), coalesce(sum(length(title) + length(text)), 0) "
    "FROM statements_statement",
    "revisions": "SELECT count(*) FROM statements_statementrevision",
    "participants": "SELECT count(*), string_agg(name, ',' ORDER BY name) "
    "FROM statements_participant",
    "import runs": "SELECT count(*), sum(created) FROM statements_importrun",
    "links": "SELECT count(*) FROM statements_statement_participants",
}


def contents(cursor) -> dict:
    found = {}
    for name, sql in COUNTED.items():
        cursor.execute(sql)
        found[name] = cursor.fetchone()
    return found


def other_database(name: str):
    password = connection.settings_dict["PASSWORD"] or None
    return psycopg.connect(connection_to(name).conninfo, password=password, autocommit=True)


@pytest.fixture
def archive(tmp_path):
    call_command("import_participants", "statements/demo/participants.json", stdout=StringIO())
    import_paths([Path("tests/data/mfa_channel_export.json")])
    make.revision(Statement.objects.order_by("pk").first(), {"title": "Before"}, note="test")
    return tmp_path


def test_a_backup_restores_into_a_fresh_database_with_everything(archive):
    assert Statement.objects.count() and ImportRun.objects.count() and Participant.objects.count()
    with connection.cursor() as cursor:
        before = contents(cursor)
    dump = backup(archive / "archive.dump")
    assert dump.stat().st_size > 10_000
    assert not list(archive.glob("*.partial"))

    fresh = f"restore_{uuid.uuid4().hex[:8]}"
    with other_database(connection.settings_dict["NAME"]) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore(dump, database=fresh)
        with other_database(fresh) as restored, restored.cursor() as cursor:
            assert contents(cursor) == before
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 10
    finally:
        with other_database(connection.settings_dict["NAME"]) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_restore_replaces_the_archive_all_or_nothing(archive):
    dump = backup(archive / "archive.dump")
    with connection.cursor() as cursor:
        before = contents(cursor)
    Statement.objects.filter(pk__in=Statement.objects.values("pk")[:3]).delete()
    make.participant("Added after the backup")
    call_command("restore", str(dump), "--yes", stdout=StringIO())
    with connection.cursor() as cursor:
        assert contents(cursor) == before

    broken = archive / "broken.dump"
    broken.write_bytes(dump.read_bytes()[: len(dump.read_bytes()) // 2])
    with pytest.raises(BackupError):
        restore(broken)
    with connection.cursor() as cursor:
        assert contents(cursor) == before  # a failed restore changed nothing


def test_a_backup_reaches_the_server_by_the_socket_the_driver_used(archive, monkeypatch):
    """A URL without a host (postgres:///archive) means the driver's default socket: the
    clients use that socket, not localhost."""
    connection.ensure_connection()
    monkeypatch.setitem(connection.settings_dict, "HOST", "")
    assert backup(archive / "archive.dump").stat().st_size > 10_000


def test_a_backup_keeps_the_urls_options(archive, monkeypatch):
    """The URL's options (sslmode, options, …) reach pg_dump: a server parameter the server
    does not know, set through options, makes it fail naming the parameter."""
    connection.ensure_connection()
    options = {**connection.settings_dict["OPTIONS"], "options": "-c archive_no_such_setting=1"}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    with pytest.raises(BackupError, match="archive_no_such_setting"):
        backup(archive / "archive.dump")
    assert not (archive / "archive.dump").exists()


def test_the_commands_name_a_missing_file(db):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", "nowhere.dump", "--yes")
