"""The statement list and change page, and the review queue."""

from pathlib import Path

from django.contrib.admin.models import LogEntry

from statements.importers.run import import_paths
from statements.models import Statement, StatementRevision
from tests import factories as make
from tests.admin.actions import run_action


def test_statement_search_in_the_admin_is_full_text(demo, editor):
    response = editor.get("/admin/statements/statement/", {"q": "kosovo -pristina"})
    assert response.context["cl"].result_count == 3
    response = editor.get("/admin/statements/statement/", {"q": "meetings"})
    assert response.context["cl"].result_count == 5


def test_statement_change_page_shows_the_raw_record(demo, editor):
    statement = Statement.objects.get(kind="phone_call")
    page = editor.get(f"/admin/statements/statement/{statement.pk}/change/").content.decode()
    assert "Raw source record" in page
    assert "tme-text" in page


def test_autocomplete_serves_participants(demo, editor):
    response = editor.get(
        "/admin/autocomplete/",
        {
            "term": "Vul",
            "app_label": "statements",
            "model_name": "statementparticipant",
            "field_name": "participant",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["Aleksandar Vulin"]


def test_a_source_set_to_need_review_imports_new_statements_into_the_queue(
    db, editor, client, settings
):
    make.source("Embassy", needs_review=True)
    import_paths([Path("statements/demo/russia_serbia_tme_scrape.txt")], source_slug="embassy")
    assert set(Statement.objects.values_list("status", flat=True)) == {"new"}
    assert client.get("/api/statements/").json()["count"] == 0  # the public sees none yet

    queue = editor.get("/admin/statements/statementtoreview/")
    assert queue.status_code == 200
    listed = list(queue.context["cl"].result_list)
    assert len(listed) == 7
    assert listed == sorted(listed, key=lambda s: (s.created_at, s.pk))  # oldest first

    first = listed[0]
    run_action(editor, "/admin/statements/statementtoreview/", "publish", [first.pk])
    first.refresh_from_db()
    assert first.status == "published"
    assert client.get("/api/statements/").json()["count"] == 1
    assert len(editor.get("/admin/statements/statementtoreview/").context["cl"].result_list) == 6

    assert LogEntry.objects.filter(object_id=str(first.pk), change_message__contains="Publish")

    settings.PUBLIC_STATUSES = ["published", "new"]
    assert client.get("/api/statements/").json()["count"] == 7


def test_the_statement_list_makes_no_query_per_row(demo, editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert editor.get("/admin/statements/statement/").status_code == 200
    with django_assert_max_num_queries(12):
        assert editor.get("/admin/statements/statement/?q=Lavrov").status_code == 200


def test_deleting_a_canonical_statement_writes_a_revision_for_each_copy_moved(admin_client):
    # Editors may not delete statements (a superuser here); the copies' new links are kept.
    canonical = make.statement(make.source("Ministry"), title="Talks")
    first, second = (
        make.statement(make.source(name), title="Talks", duplicate_of=canonical)
        for name in ("Embassy", "Consulate")
    )
    url = f"/admin/statements/statement/{canonical.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    moved = StatementRevision.objects.filter(note="the statement it repeated was deleted")
    assert sorted(moved.values_list("statement_id", flat=True)) == sorted([first.pk, second.pk])
    assert {r.fields["duplicate_of"] for r in moved} == {canonical.pk}


def test_admin_pages_name_the_archive_and_shorten_long_titles_visibly(db, editor):
    """The header says which site this is (not "Django administration"); a long title in a
    page title or breadcrumb ends with "…" instead of stopping mid-word."""
    statement = make.statement(
        title="President of Russia Vladimir Putin and Deputy Prime Minister of Serbia "
        "Aleksandar Vulin met in Moscow"
    )
    index = editor.get("/admin/").content.decode()
    assert ">Statement Archive</a>" in index
    assert "Django administration" not in index

    page = editor.get(f"/admin/statements/statement/{statement.pk}/versions/").content.decode()
    assert (
        "Versions of “President of Russia Vladimir Putin and Deputy Prime Minister of Serbia"
        in page
    )
    assert "Aleksand…”" in page
