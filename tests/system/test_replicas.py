"""Public reading from a real streaming replica of the test server, and falling back."""

import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from archive import replicas
from tests import factories as make
from tests.servers import copy_of_test_server

# Committed writes, so that they reach the replica.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(settings):
    """A streaming replica of the test server, configured as the archive's one replica."""
    with copy_of_test_server(standby=True) as server:
        # A connection made here, as DATABASE_REPLICA_URLS would configure it.
        wrapper = type(connections["default"])
        connections["replica1"] = wrapper(server.settings(), "replica1")
        settings.DATABASE_REPLICAS = ["replica1"]
        replicas._down_until.clear()
        yield server
        connections["replica1"].close()
        del connections["replica1"]


def wait_until_replicated(pk: int) -> None:
    replica = connections["replica1"]
    for _ in range(100):
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), count(*) FROM statements_statement "
                           "WHERE id = %s", [pk])  # fmt: skip
            in_recovery, found = cursor.fetchone()
        assert in_recovery  # a real replica, read-only
        if found:
            return
        time.sleep(0.1)
    raise AssertionError("the statement did not reach the replica")


def test_public_reading_goes_to_the_replica_and_the_admin_to_the_primary(
    replica, researcher, admin_client
):
    statement = make.statement(title="Talks on Kosovo in Belgrade", text="Kosovo")
    wait_until_replicated(statement.pk)

    for url in [
        "/statements/?q=kosovo",
        "/api/statements/?q=kosovo",
        f"/statements/{statement.pk}/",
    ]:
        with (
            CaptureQueriesContext(connections["replica1"]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_primary,
        ):
            response = researcher.get(url)
            assert response.status_code == 200
            assert "Kosovo" in response.content.decode()
        assert on_replica.captured_queries, url
        assert not on_primary.captured_queries, url

    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        export = researcher.get("/statements/export.csv?q=kosovo")
        assert "Talks on Kosovo" in b"".join(export.streaming_content).decode()
    assert any("statements_statement" in q["sql"] for q in on_replica.captured_queries)

    # A superuser: committed tests empty the tables, the migrations' Editor group with them.
    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        assert admin_client.get("/admin/statements/statement/").status_code == 200
    assert not on_replica.captured_queries


def test_a_replica_that_goes_down_leaves_the_primary_serving(replica, client):
    statement = make.statement(title="Kosovo")
    wait_until_replicated(statement.pk)
    assert client.get("/statements/").status_code == 200

    replica.stop()
    with CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get("/statements/")
    assert response.status_code == 200
    assert "Kosovo" in response.content.decode()
    assert on_primary.captured_queries
    assert "replica1" in replicas._down_until
    assert client.get("/api/statements/").json()["count"] == 1
