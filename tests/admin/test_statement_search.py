"""The statement list's search box is the site's search (issue 13, item 1): the same query
language and filters, over statements of every status, its notes shown as messages."""

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Statement
from tests import factories as make
from tests.admin.actions import run_action

CHANGELIST = "/admin/statements/statement/"


def listed(response) -> set[int]:
    return {statement.pk for statement in response.context["cl"].result_list}


def test_person_and_kind_narrow_the_list_as_on_the_site(demo, editor, researcher):
    response = editor.get(CHANGELIST, {"q": "person:lavrov kind:phone_call"})
    phone_call = Statement.objects.get(kind="phone_call")
    assert listed(response) == {phone_call.pk}
    assert response.context["cl"].result_count == 1
    site = researcher.get("/api/statements/", {"q": "person:lavrov kind:phone_call"}).json()
    assert [row["id"] for row in site["results"]] == [phone_call.pk]

    for query in ("tag:RussiaSerbia kind:remarks person:vucic", "source:mfa date:2024 meeting"):
        on_site = researcher.get("/api/statements/", {"q": query}).json()["results"]
        assert listed(editor.get(CHANGELIST, {"q": query})) == {row["id"] for row in on_site}


def test_the_search_finds_new_and_hidden_statements_too(demo, editor):
    phone_call = Statement.objects.get(kind="phone_call")
    phone_call.status = Statement.Status.HIDDEN
    phone_call.save()
    remarks = Statement.objects.filter(kind="remarks")
    remarks.update(status=Statement.Status.NEW)
    assert listed(editor.get(CHANGELIST, {"q": "person:lavrov kind:phone_call"})) == {phone_call.pk}
    queue = editor.get("/admin/statements/statementtoreview/", {"q": "kind:remarks"})
    assert listed(queue) == set(remarks.values_list("pk", flat=True))


def test_select_all_over_a_search_changes_only_what_it_found(demo, editor):
    phone_call = Statement.objects.get(kind="phone_call")
    searched = f"{CHANGELIST}?q=person%3Alavrov+kind%3Aphone_call"
    asked, _ = run_action(editor, searched, "hide", reason="a test of the search")
    assert (asked.context["counts"].selected, asked.context["counts"].changing) == (1, 1)
    assert set(Statement.objects.filter(status="hidden").values_list("pk", flat=True)) == {
        phone_call.pk
    }


def test_the_parsers_notes_are_shown_as_messages(demo, editor):
    response = editor.get(CHANGELIST, {"q": "person:nobody-at-all kind:speech lavrov"})
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("No participant matches “nobody-at-all”" in note for note in shown)
    assert any("“kind:speech” left out" in note for note in shown)
    assert response.context["cl"].result_count == 0
    assert len(shown) == len(set(shown))  # each note once


def test_a_searched_list_is_counted_on_the_search_rows_through_the_index(db, editor):
    """At a million statements the planner's own choice scans every statement to count a
    common word (7 s); the list counts its search rows with sequential scans off (0.6 s)."""
    make.statement(title="Talks on Kosovo")
    with CaptureQueriesContext(connection) as queries:
        page = editor.get("/admin/statements/statement/?q=kosovo")
    assert page.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    count = next(i for i, text in enumerate(sql) if text.startswith("SELECT COUNT(*)"))
    assert "statements_searchrow" in sql[count]
    assert any("set_config" in text for text in sql[:count])
