"""An editor previews a statement the public cannot see (issue 13 item 12)."""

import pytest

from statements.models import Statement
from tests import factories


@pytest.mark.parametrize("status", [Statement.Status.NEW, Statement.Status.HIDDEN])
def test_an_editor_previews_a_statement_that_is_not_public(db, editor, researcher, status):
    statement = factories.statement(title="Talks on Kosovo, not yet out", status=status)
    url = f"/statements/{statement.pk}/"
    page = editor.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Talks on Kosovo, not yet out" in html
    assert "Not public." in html and statement.get_status_display().lower() in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in page["Cache-Control"]
    assert researcher.get(url).status_code == 404


def test_view_on_site_in_the_admin_leads_an_editor_to_the_preview(db, editor):
    statement = factories.statement(status=Statement.Status.NEW)
    change_page = editor.get(f"/admin/statements/statement/{statement.pk}/change/")
    assert "View on site" in change_page.content.decode()
    page = editor.get(change_page.context["original"].get_absolute_url())
    assert page.status_code == 200 and "Not public." in page.content.decode()


def test_a_published_statement_has_no_banner_for_an_editor(db, editor):
    statement = factories.statement()
    page = editor.get(f"/statements/{statement.pk}/")
    assert page.status_code == 200 and "Not public." not in page.content.decode()


def test_staff_without_the_statement_permission_see_no_preview(db, client, django_user_model):
    statement = factories.statement(status=Statement.Status.HIDDEN)
    staff = django_user_model.objects.create_user("intern", password="pw-12345-long", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/statements/{statement.pk}/").status_code == 404
