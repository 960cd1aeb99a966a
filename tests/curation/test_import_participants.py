"""The import_participants command: participants upserted by name, their statements linked."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from statements.models import Participant, Statement
from statements.search.compile import matching_text

SCRAPE = "statements/demo/russia_serbia_tme_scrape.txt"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


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
