"""Every admin view checks the permission of its model (issue 13, Security): the admin's own
pages and actions, walked from the registered admins, refuse a staff member who lacks it.
(Django's own pages check it themselves; the admin site only checks staff status.)"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, reverse

from statements.models import ImportRun
from tests import factories


def the_archives_admins() -> list[admin.ModelAdmin]:
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "statements"
    ]


def own_views(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The admin's views beyond Django's list, add, change, delete and history."""
    standard = {pattern.name for pattern in admin.ModelAdmin.get_urls(model_admin)}
    return [pattern for pattern in model_admin.get_urls() if pattern.name not in standard]


OWN_VIEWS = [
    pytest.param(model_admin.model, pattern, id=pattern.name)
    for model_admin in the_archives_admins()
    for pattern in own_views(model_admin)
]


def test_the_walk_finds_the_admins_own_views():
    names = {param.id for param in OWN_VIEWS}
    assert {"statements_statement_versions", "statements_importrun_upload"} <= names


@pytest.mark.parametrize(("model", "pattern"), OWN_VIEWS)
def test_each_own_admin_view_refuses_staff_without_the_models_permission(
    db, client, django_user_model, model, pattern
):
    factories.statement()
    ImportRun.objects.create(path="upload.json", format="telegram_json", errors=["line 1: bad"])
    row = model.objects.first()
    arguments = {name: row.pk for name in pattern.pattern.converters}
    url = reverse(f"admin:{pattern.name}", kwargs=arguments)
    stranger = django_user_model.objects.create_user(
        "stranger", password="pw-1234-long", is_staff=True
    )
    client.force_login(stranger)
    assert client.get(url).status_code == 403, url
    assert client.post(url, {}).status_code == 403, url


@pytest.mark.parametrize(
    "model_admin", the_archives_admins(), ids=lambda model_admin: model_admin.model.__name__
)
def test_each_admin_action_names_the_permission_it_needs(model_admin, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    for name, (function, _, _) in model_admin.get_actions(request).items():
        assert getattr(function, "allowed_permissions", None), name
