"""The source's edits of a post, on its page: said, dated, and shown as a diff."""

from datetime import UTC, datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

EDITED = datetime(2024, 2, 1, 8, 30, tzinfo=UTC)
PUBLISHED = datetime(2024, 1, 31, 9, 0, tzinfo=UTC)


def edited_post():
    """A post the source edited on 1 February: a word of its text and a link changed."""
    post = factories.statement(
        title="Talks on Kosovo",
        text="The ministers discussed the situation in Kosovo and Metohija.",
        published_at=PUBLISHED,
        edited_at=EDITED,
        links=["https://mid.ru/en/new/"],
    )
    factories.revision(
        post,
        {
            "text": "The ministers discussed the situation in Kosovo.",
            "edited_at": None,
            "links": ["https://mid.ru/en/old/"],
            "raw": {"id": 2},
            "content_hash": "old",
        },
        import_hash="first-export",
    )
    return post


def test_it_says_the_source_edited_the_post_and_when(client):
    post = edited_post()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Edited by the source on" in page
    assert "1 February 2024, 08:30 UTC" in page


def test_it_says_nothing_of_edits_of_a_post_never_edited(client):
    post = factories.statement(published_at=PUBLISHED)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Edited by the source" not in page
    assert "Earlier versions" not in page


def test_earlier_versions_are_a_word_diff_with_human_labels(client):
    post = edited_post()
    page = client.get(post.get_absolute_url()).content.decode()
    versions = page[page.index("Earlier versions") : page.index('class="cite"')]
    assert "<ins>Kosovo and Metohija.</ins>" in versions
    assert "<del>Kosovo.</del>" in versions
    assert "<dt>Links in the post</dt>" in versions
    assert "<del>https://mid.ru/en/old/</del>" in versions
    for raw in ("edited_at", "content_hash", "<dt>links</dt>", "<dt>text</dt>", "['", "{&#x27;"):
        assert raw not in versions
    # Dated by the source's edit, not by the import that learned of it.
    assert "Until the source’s edit of" in versions
    assert "1 February 2024, 08:30 UTC" in versions


def test_a_version_without_an_edit_time_is_dated_by_its_import_labelled_so(client):
    post = factories.statement(text="Second wording.", published_at=PUBLISHED)
    factories.revision(post, {"text": "First wording."}, import_hash="first-export")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "(import time; the source’s edit time is not known)" in page
    assert "<del>First</del>" in page and "<ins>Second</ins>" in page


def test_a_diff_is_escaped(client):
    post = factories.statement(text="Safe <b>now</b>", published_at=PUBLISHED, edited_at=EDITED)
    factories.revision(post, {"text": "<script>alert(1)</script>"}, import_hash="first-export")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_an_editors_change_is_not_shown_as_the_sources(client, editor_user):
    post = factories.statement(text="Corrected by an editor.", published_at=PUBLISHED)
    factories.revision(post, {"text": "Typo by the importer."}, changed_by=editor_user)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Earlier versions" not in page
