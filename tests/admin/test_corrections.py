"""Bulk corrections from the statement list."""

from statements.models import Statement
from tests.admin.actions import run_action


def test_hiding_from_the_admin_takes_it_off_the_site(demo, editor, client):
    statement = Statement.objects.get(kind="phone_call")
    run_action(editor, "/admin/statements/statement/", "hide", [statement.pk], reason="wrong")
    statement.refresh_from_db()
    assert statement.status == Statement.Status.HIDDEN
