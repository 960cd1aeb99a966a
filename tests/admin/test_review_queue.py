"""Review where editors work (issue 13, "Review where editors work", item 17): "Save and
publish" and "Save and next" on a New statement's page, an excerpt of each text in the
queue, exact pending counts on the admin index, page titles in an editor's words."""

import re

from statements.models import Statement, StatementRevision
from tests import factories as make

QUEUE = "/admin/statements/statementtoreview/"


def queued(count: int) -> list[Statement]:
    source = make.source("Embassy", needs_review=True)
    return [
        make.statement(
            source,
            f"Post {n}",
            text=f"The ambassador met the mayor, day {n}. " * 12,
            status=Statement.Status.NEW,
        )
        for n in range(count)
    ]


def form_of(statement: Statement, **changes) -> dict:
    """The fields of a statement's change page as the browser posts them."""
    values = {
        "title": statement.title,
        "text": statement.text,
        "status": statement.status,
        "kind": statement.kind,
        "event_date_text": statement.event_date_text,
        "location": statement.location,
        "language": statement.language,
        "source": statement.source_id,
        "source_url": statement.source_url,
        "media_count": statement.media_count,
        "statementparticipant_set-TOTAL_FORMS": 0,
        "statementparticipant_set-INITIAL_FORMS": 0,
        "appearances-TOTAL_FORMS": 0,
        "appearances-INITIAL_FORMS": 0,
        "revisions-TOTAL_FORMS": 0,
        "revisions-INITIAL_FORMS": 0,
    }
    return {**values, **changes}


def test_save_and_publish_publishes_with_the_edit_and_opens_the_next(db, editor):
    first, second, third = queued(3)
    page = editor.get(f"{QUEUE}{first.pk}/change/").content.decode()
    assert 'name="_publish"' in page and 'name="_next"' in page
    response = editor.post(
        f"{QUEUE}{first.pk}/change/", form_of(first, title="Post 0, corrected", _publish="1")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert response["Location"] == f"{QUEUE}{second.pk}/change/"
    first.refresh_from_db()
    assert (first.status, first.title) == ("published", "Post 0, corrected")
    revision = StatementRevision.objects.get(statement=first)
    assert revision.fields["status"] == "new" and revision.fields["title"] == "Post 0"
    assert revision.changed_by.username == "editor"


def test_save_and_next_keeps_the_status_and_ends_at_the_queue(db, editor):
    first, second = queued(2)
    response = editor.post(f"{QUEUE}{second.pk}/change/", form_of(second, _next="1"))
    assert response["Location"] == f"{QUEUE}{first.pk}/change/"  # from the start again
    assert Statement.objects.get(pk=second.pk).status == "new"
    editor.post(f"{QUEUE}{first.pk}/change/", form_of(first, _publish="1"))
    last = editor.post(f"{QUEUE}{second.pk}/change/", form_of(second, _publish="1"))
    assert last["Location"] == QUEUE


def test_only_a_new_statement_has_the_review_buttons(demo, editor):
    published = Statement.objects.first()
    page = editor.get(f"/admin/statements/statement/{published.pk}/change/").content.decode()
    assert 'name="_publish"' not in page


def test_the_queue_shows_an_excerpt_of_each_text(db, editor):
    queued(2)
    page = editor.get(QUEUE).content.decode()
    assert page.count('class="field-excerpt"') == 2
    assert "The ambassador met the mayor, day 0." in page


def test_the_admin_index_counts_what_waits_exactly(demo, editor, settings):
    settings.SEARCH_EXACT_COUNT_CAP = 3
    queued(6)
    page = editor.get("/admin/").content.decode()
    waiting = re.search(r"Statements to review</a></th>\s*<td[^>]*>([\d,]+)</td>", page)
    assert waiting and waiting[1] == "6"
    queue = editor.get(QUEUE)
    assert queue.context["cl"].result_count == 6
    for link in re.findall(r'<th scope="row"><a href="([^"]+)">', page):
        assert editor.get(link).status_code == 200


def test_page_titles_are_in_an_editors_words(db, editor):
    (statement,) = queued(1)
    assert "<title>Statements to review |" in editor.get(QUEUE).content.decode()
    assert "<title>Statements |" in editor.get("/admin/statements/statement/").content.decode()
    change = editor.get(f"{QUEUE}{statement.pk}/change/").content.decode()
    assert "Review a statement" in change and "statement to review to change" not in change
    corrections = editor.get("/admin/statements/bulkcorrection/").content.decode()
    assert "<title>Bulk corrections |" in corrections
