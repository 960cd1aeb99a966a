"""The import_statements and load_demo commands: counts printed, runs recorded."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from statements.models import ImportRun, Participant, Statement

SCRAPE = "statements/demo/russia_serbia_tme_scrape.txt"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_statements_prints_counts_and_records_the_run(db):
    assert run("import_statements", SCRAPE, "--source", "mfa").strip() == (
        "created 7, copies of archived statements 0, updated 0, unchanged 0, skipped 0, failed 0"
    )
    again = run("import_statements", SCRAPE, "--source", "mfa", "--format", "tme-text")
    assert again.strip() == (
        "created 0, copies of archived statements 0, updated 0, unchanged 7, skipped 0, failed 0"
    )
    runs = list(ImportRun.objects.order_by("started_at"))
    assert [(r.created, r.unchanged, r.status) for r in runs] == [
        (7, 0, "finished"),
        (0, 7, "finished"),
    ]
    assert runs[0].format == "tme-text"
    assert runs[0].source.slug == "mfa"
    assert runs[0].path.endswith("russia_serbia_tme_scrape.txt")


def test_an_import_of_cross_posted_copies_reports_them_as_written(db):
    run("import_statements", SCRAPE, "--source", "mfa")
    copies = run("import_statements", SCRAPE, "--source", "embassy")
    assert copies.strip() == (
        "created 0, copies of archived statements 7, updated 0, unchanged 0, skipped 0, failed 0"
    )
    assert Statement.objects.filter(source__slug="embassy").count() == 7  # what was written


def test_import_without_a_source_names_one_after_the_file(db):
    run("import_statements", SCRAPE)
    assert Statement.objects.first().source.slug == "russia_serbia_tme_scrape"


def test_import_statements_refuses_an_unknown_format(db):
    with pytest.raises(CommandError):
        call_command("import_statements", SCRAPE, "--format", "pdf")


def test_load_demo_is_safe_to_run_twice(db):
    run("load_demo")
    run("load_demo")
    assert Statement.objects.count() == 7
    assert Participant.objects.count() == 7
    assert "not loaded" in run("load_demo", "--if-empty")
