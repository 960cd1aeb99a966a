"""The archive's kept numbers are fresh after every write and belong to one database."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from statements.curation.corrections import request_correction
from statements.importers.run import import_paths
from statements.models import BulkCorrection
from statements.search.totals import _generation_key, archive_changed, kept
from tests import factories as make

EXPORT = Path(__file__).parent.parent / "data" / "mfa_channel_export.json"


def home_count(client) -> int:
    return client.get("/").context["statement_count"]


def test_the_home_page_counts_an_import_at_once(
    demo, researcher, django_capture_on_commit_callbacks
):
    before = home_count(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([EXPORT])
    assert home_count(researcher) > before


def test_a_new_participant_is_counted_at_once(demo, researcher, django_capture_on_commit_callbacks):
    before = researcher.get("/").context["participant_count"]
    with django_capture_on_commit_callbacks(execute=True):
        make.participant("Maria Zakharova")
    assert researcher.get("/").context["participant_count"] == before + 1


def test_two_databases_keep_their_own_numbers(db, monkeypatch):
    assert kept("size", lambda: "first archive") == "first archive"
    settings = connections["default"].settings_dict
    name = settings["NAME"]
    monkeypatch.setitem(settings, "NAME", name + "_other")
    assert kept("size", lambda: "second archive") == "second archive"
    monkeypatch.setitem(settings, "NAME", name)
    assert kept("size", lambda: "computed again") == "first archive"


def searchrow_reads(client, params: dict) -> int:
    """How many queries a search page makes of the search rows' matches."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/statements/", params).status_code == 200
    return sum('FROM "statements_searchrow"' in query["sql"] for query in queries)


def test_a_search_asked_again_reads_its_kept_result_and_facets(demo, researcher):
    """Its count, groups and facets are read once; the page's rows and snippets each time."""
    make.committed()
    first = searchrow_reads(researcher, {"q": "Lavrov"})
    again = searchrow_reads(researcher, {"q": "Lavrov"})
    assert again < first
    assert again <= 1  # the page's own ids in relevance order
    page = researcher.get("/statements/", {"q": "Lavrov"})
    assert page.context["found"].count == page.context["page"].count > 0


def test_a_kept_search_is_counted_again_after_a_write(demo, researcher):
    make.committed()
    before = researcher.get("/api/statements/", {"q": "Lavrov", "facets": "1"}).json()
    request_correction(BulkCorrection.Action.HIDE, [before["results"][0]["id"]], None)
    make.committed()
    after = researcher.get("/api/statements/", {"q": "Lavrov", "facets": "1"}).json()
    assert after["count"] == before["count"] - 1
    assert kinds_counted(after) == kinds_counted(before) - 1


def kinds_counted(answer: dict) -> int:
    return sum(row["count"] for row in answer["facets"]["kind"])


def test_a_lost_generation_never_returns_numbers_kept_before(db):
    """The cache losing its generation counter (files culled) starts a new one, not 0."""
    assert kept("size", lambda: "before") == "before"
    cache.delete(_generation_key())
    assert kept("size", lambda: "after") == "after"


def test_numbers_read_by_a_write_rolled_back_are_never_kept(db):
    """A transaction that has written reads the numbers afresh and keeps none of them: it
    may roll back, and the others must not read what it saw."""
    assert kept("size", lambda: "committed") == "committed"
    with pytest.raises(RuntimeError), transaction.atomic():
        archive_changed()
        assert kept("size", lambda: "uncommitted") == "uncommitted"
        raise RuntimeError("rolled back")
    assert kept("size", lambda: "computed again") == "committed"
