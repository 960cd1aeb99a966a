"""What a request asks of PostgreSQL, for tests of what a page costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_ranking(client, path: str, params: dict) -> list[str]:
    """The queries that rank statements (ts_rank) among those a request runs (not plans)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    ran = [query["sql"] for query in queries if not query["sql"].startswith("EXPLAIN")]
    return [sql for sql in ran if "ts_rank" in sql]
