"""Bulk corrections from the statement list."""

from statements.models import Statement


def test_hiding_from_the_admin_takes_it_off_the_site(demo, editor, client):
    statement = Statement.objects.get(kind="phone_call")
    editor.post(
        "/admin/statements/statement/",
        {"action": "hide", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.HIDDEN
