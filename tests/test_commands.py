"""The management commands operators and editors run."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from statements.models import ImportRun, Participant, Statement
from statements.search.compile import matching_text

SCRAPE = "statements/demo/russia_serbia_tme_scrape.txt"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_statements_prints_counts_and_records_the_run(db):
    assert run("import_statements", SCRAPE, "--source", "mfa").strip() == (
        "created 7, updated 0, unchanged 0, duplicates 0, skipped 0, failed 0"
    )
    again = run("import_statements", SCRAPE, "--source", "mfa", "--format", "tme-text")
    assert again.strip() == ("created 0, updated 0, unchanged 7, duplicates 0, skipped 0, failed 0")
    runs = list(ImportRun.objects.order_by("started_at"))
    assert [(r.created, r.unchanged, r.status) for r in runs] == [
        (7, 0, "finished"),
        (0, 7, "finished"),
    ]
    assert runs[0].format == "tme-text"
    assert runs[0].source.slug == "mfa"
    assert runs[0].path.endswith("russia_serbia_tme_scrape.txt")


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


def test_import_participants_upserts_by_name_and_links_archived_statements(db, tmp_path):
    run("import_statements", SCRAPE, "--source", "mfa")
    assert not Statement.objects.filter(participants__isnull=False).exists()

    people = tmp_path / "people.json"
    people.write_text(
        json.dumps([{"name": "Aleksandar Vulin", "aliases": [], "role": "Deputy PM"}])
    )
    assert "created 1" in run("import_participants", str(people))
    vulin = Participant.objects.get(name="Aleksandar Vulin")
    assert vulin.statements.count() == 3
    assert matching_text(Statement.objects.all(), "Vulin").count() == 3

    people.write_text(json.dumps([{"name": "Aleksandar Vulin", "aliases": ["Александр Вулин"]}]))
    output = run("import_participants", str(people))
    assert "updated 1" in output
    vulin.refresh_from_db()
    assert vulin.aliases == ["Александр Вулин"]
    assert vulin.role == "Deputy PM"  # an empty value does not erase what is there
    assert (
        matching_text(Statement.objects.all(), "Вулин").count() == 3
    )  # the new alias is searchable


def test_an_alias_added_later_links_the_statements_that_use_it(db, tmp_path):
    run("import_statements", SCRAPE, "--source", "mfa")
    people = tmp_path / "people.json"
    people.write_text(json.dumps([{"name": "Marko Đurić"}]))
    run("import_participants", str(people))
    duric = Participant.objects.get()
    assert duric.statements.count() == 2  # Đurić, and Djuric by the Đ = Dj rule

    people.write_text(json.dumps([{"name": "Ivica Dačić"}]))
    run("import_participants", str(people))
    assert Participant.objects.get(name="Ivica Dačić").statements.count() == 2  # Dacic too


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "line 1, column 2"),
        ('{"name": "x"}', "expected a JSON list"),
        ('[{"aliases": []}]', "item 1: 'name' must be a non-empty string"),
        ('[{"name": "X", "aliases": "Y"}]', "item 1 (X): 'aliases' must be a list"),
    ],
)
def test_import_participants_reports_bad_files_and_writes_nothing(db, tmp_path, content, message):
    path = tmp_path / "people.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_participants", str(path))
    assert Participant.objects.count() == 0


def test_import_participants_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="nothing.json: cannot be read"):
        call_command("import_participants", str(tmp_path / "nothing.json"))
