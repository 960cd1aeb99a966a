"""The archive's kept numbers are fresh after every write and belong to one database."""

from pathlib import Path

from django.db import connections

from statements.importers.run import import_paths
from statements.search.totals import kept
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
