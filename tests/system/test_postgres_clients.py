"""The PostgreSQL clients reach the server the archive's URL names, with every option."""

import os

import dj_database_url
import pytest
from psycopg.conninfo import conninfo_to_dict

from archive.postgres_clients import client_connection
from tests.servers import database_url


def for_url(url: str, **arguments) -> tuple[dict, dict]:
    server = client_connection(dj_database_url.parse(url), **arguments)
    return conninfo_to_dict(server.conninfo), server.environment


def test_a_socket_url_without_a_host_is_the_default_socket_not_localhost():
    conninfo, environment = for_url("postgres:///archive")
    assert conninfo == {"dbname": "archive"}  # libpq's own default: its socket directory
    assert environment.get("PGPASSWORD") == os.environ.get("PGPASSWORD")  # none of its own


def test_an_empty_host_becomes_the_socket_directory_the_driver_used():
    conninfo, _ = for_url("postgres:///archive", host="/var/run/postgresql")
    assert conninfo == {"dbname": "archive", "host": "/var/run/postgresql"}


def test_a_socket_directory_in_the_url_is_the_host():
    conninfo, _ = for_url("postgresql://%2Fvar%2Frun%2Fpostgresql/archive")
    assert conninfo == {"dbname": "archive", "host": "/var/run/postgresql"}
    conninfo, _ = for_url("postgres://archiver@/archive?host=/srv/sockets", host="/tmp")
    assert conninfo == {"dbname": "archive", "user": "archiver", "host": "/srv/sockets"}


def test_a_tcp_url_keeps_every_option_and_passes_the_password_in_the_environment():
    conninfo, environment = for_url(
        "postgres://u:p%40ss@h:5433/db?sslmode=require&sslrootcert=/etc/ssl/ca.pem"
        "&options=-c%20statement_timeout%3D5000&application_name=archive%20backup"
    )
    assert conninfo == {
        "dbname": "db", "user": "u", "host": "h", "port": "5433", "sslmode": "require",
        "sslrootcert": "/etc/ssl/ca.pem", "options": "-c statement_timeout=5000",
        "application_name": "archive backup",
    }  # fmt: skip
    assert environment["PGPASSWORD"] == "p@ss"
    assert (
        "p@ss" not in client_connection(dj_database_url.parse("postgres://u:p%40ss@h/db")).conninfo
    )


def test_another_database_on_the_same_server():
    conninfo, _ = for_url("postgres://u@h:5433/db?sslmode=verify-full", database="restore_1")
    assert conninfo == {"dbname": "restore_1", "user": "u", "host": "h", "port": "5433",
                        "sslmode": "verify-full"}  # fmt: skip


def test_options_only_django_reads_stay_out_and_unknown_ones_are_refused():
    settings = dj_database_url.parse("postgres://u@h/db")
    settings["OPTIONS"] = {"isolation_level": 1, "server_side_binding": True, "pool": True}
    assert conninfo_to_dict(client_connection(settings).conninfo) == {
        "dbname": "db", "user": "u", "host": "h"}  # fmt: skip
    settings["OPTIONS"] = {"no_such_libpq_option": "1"}
    with pytest.raises(Exception, match="no_such_libpq_option"):
        client_connection(settings)


@pytest.mark.parametrize(
    "url",
    [
        "postgres:///archive",
        "postgres://u:p%40ss@h:5433/db?sslmode=require&options=-c%20statement_timeout%3D5000",
        "postgresql://%2Fvar%2Frun%2Fpostgresql/archive",
    ],
)
def test_a_url_made_for_the_sites_own_processes_names_the_same_server(url):
    settings = dj_database_url.parse(url)
    again = dj_database_url.parse(database_url(settings))
    assert for_url(database_url(settings)) == for_url(url)
    assert again["PASSWORD"] == settings["PASSWORD"]
