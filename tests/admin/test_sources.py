"""Sources in the admin as an editor keeps them, and the languages editors choose."""

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError

from statements.models import Source, Statement
from tests import factories


def source_form(source: Source, **changes) -> dict:
    fields = {
        "name": source.name,
        "slug": source.slug,
        "platform": source.platform,
        "handle": source.handle,
        "telegram_id": "",
        "url": source.url,
        "default_language": source.default_language,
    }
    if source.needs_review:
        fields["needs_review"] = "on"
    return {**fields, **changes}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("وزارة الخارجية", "وزارة-الخارجية"),
        ("外交部", "外交部"),
        ("МИД России", "мид-россии"),
    ],
)
def test_an_editor_saves_a_source_whose_slug_is_not_latin(db, editor, name, slug):
    source = factories.source(name, slug=slug, default_language="ar")
    factories.statement(source, "A statement of the ministry")
    response = editor.post(
        f"/admin/statements/source/{source.pk}/change/",
        source_form(source, needs_review="on"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.needs_review and source.slug == slug
    # The public site finds its statements by that slug, as a filter and in the query.
    for query in ({"source": slug}, {"q": f"source:{slug}"}):
        page = editor.get("/statements/", query)
        assert page.status_code == 200
        assert "A statement of the ministry" in page.content.decode()


def test_a_source_language_is_one_the_archive_knows(db, editor):
    source = factories.source("MFA", default_language="en")
    response = editor.post(
        f"/admin/statements/source/{source.pk}/change/",
        source_form(source, default_language="english"),
    )
    assert response.status_code == 200
    assert "default_language" in response.context["adminform"].form.errors
    source.refresh_from_db()
    assert source.default_language == "en"
    assert (
        editor.post(
            f"/admin/statements/source/{source.pk}/change/",
            source_form(source, default_language="sr"),
        ).status_code
        == 302
    )
    source.refresh_from_db()
    assert source.default_language == "sr"


def test_a_statement_language_is_one_the_archive_knows(db, editor, editor_user, rf):
    statement = factories.statement(language="en")
    statement_admin = admin.site._registry[Statement]
    request = rf.get("/")
    request.user = editor_user
    form_class = statement_admin.get_form(request, statement, change=True)
    field = form_class.base_fields["language"]
    with pytest.raises(ValidationError):
        field.clean("english")
    assert field.clean("ru") == "ru"
    page = editor.get(f"/admin/statements/statement/{statement.pk}/change/").content.decode()
    assert '<option value="en" selected>English</option>' in page
