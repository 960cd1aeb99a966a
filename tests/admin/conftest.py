"""Who uses the admin in these tests: a superuser and an editor (staff in the Editor group)."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw-12345-long"
    )
    client.force_login(user)
    return client


@pytest.fixture
def editor_only_client(client, django_user_model):
    user = django_user_model.objects.create_user("ed", password="pw-12345-long", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client
