"""Duplicate groups in the admin, as an editor reviews them."""

from statements.models import DuplicateGroup
from tests import factories


def group_of(*statements, status=DuplicateGroup.Status.PENDING) -> DuplicateGroup:
    group = DuplicateGroup.objects.create(
        key="-".join(str(s.pk) for s in statements), similarity=1.0, exact=True, status=status
    )
    group.members.add(*statements)
    return group


def test_the_duplicate_list_shows_the_groups_to_review_unless_asked(db, editor):
    source = factories.source()
    pending = group_of(factories.statement(source, "One"), factories.statement(source, "One"))
    decided = group_of(
        factories.statement(source, "Two"),
        factories.statement(source, "Two"),
        status=DuplicateGroup.Status.SPLIT,
    )
    listed = editor.get("/admin/statements/duplicategroup/").context["cl"].result_list
    assert list(listed) == [pending]
    every = editor.get("/admin/statements/duplicategroup/", {"status": "all"})
    assert set(every.context["cl"].result_list) == {pending, decided}


def test_confirm_and_split_are_admin_buttons(db, editor):
    source = factories.source()
    group = group_of(factories.statement(source, "One"), factories.statement(source, "One"))
    html = editor.get(f"/admin/statements/duplicategroup/{group.pk}/change/").content.decode()
    assert 'value="confirm" class="button default">Confirm</button>' in html
    assert 'value="split" class="button">Split</button>' in html


def test_the_review_page_refuses_staff_without_the_duplicate_permission(
    db, client, django_user_model
):
    source = factories.source()
    group = group_of(factories.statement(source, "One"), factories.statement(source, "One"))
    stranger = django_user_model.objects.create_user(
        "stranger", password="pw-1234-long", is_staff=True
    )
    client.force_login(stranger)
    url = f"/admin/statements/duplicategroup/{group.pk}/change/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "split"}).status_code == 403
    group.refresh_from_db()
    assert group.status == DuplicateGroup.Status.PENDING
