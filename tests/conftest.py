"""Fixtures every test may use: the personas, the demo archive, a clean cache.

The personas have fixed meanings; a test that needs someone else says so in its name.

- `researcher`: a reader of the public site, not logged in (a test client).
- `editor`: a client logged in as `editor_user`, a staff member of the "Editor" group as
  the migrations define it: curates statements, participants and hashtags and imports
  files, but manages neither users nor sources.
- `admin_client` / `admin_user` (pytest-django's): a superuser, only where a test needs
  what editors may not do.

Rows are made with the functions of `tests.factories`.
"""

from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client

from statements.models import Participant

# The migrations that make the "Editor" group and give it its permissions, in order.
EDITOR_GROUP_MIGRATIONS = [
    (import_module("statements.migrations.0003_editor_group"), "create_editor_group"),
    (import_module("statements.migrations.0005_editor_curation_permissions"), "grant"),
    (import_module("statements.migrations.0014_pages_field_options"), "grant_delete_participant"),
    (import_module("statements.migrations.0015_imports_preview_undo_permissions"), "grant"),
    (import_module("statements.migrations.0018_pairs_translation_pair"), "grant"),
    (import_module("statements.migrations.0020_roles_participant_links"), "grant"),
]


def pytest_configure(config):
    """Each test run its own cache, in memory (not the development server's files), and
    no rate limits."""
    in_memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {"default": in_memory, "searches": {**in_memory, "LOCATION": "searches"}}
    # Tests ask a lot from one address; the rate-limit tests set their own limits.
    settings.API_REQUESTS_PER_MINUTE = 0
    settings.EXPORTS_PER_HOUR = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Kept numbers (the timeline's totals, a search's result) must not leak from one test's
    archive to the next."""
    for each in caches.all():
        each.clear()


@pytest.fixture
def researcher(db) -> Client:
    return Client()


def editor_group() -> Group:
    """The "Editor" group as the migrations make it. A transactional test (the live server's)
    starts from tables its predecessors flushed, rows made by migrations included: there the
    migrations' own functions make the group again, so it is never defined twice."""
    if not Group.objects.filter(name="Editor").exists():
        for migration, function in EDITOR_GROUP_MIGRATIONS:
            getattr(migration, function)(apps, None)
    return Group.objects.get(name="Editor")


@pytest.fixture
def editor_user(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-12345-long", is_staff=True)
    user.groups.add(editor_group())
    return user


@pytest.fixture
def editor(editor_user) -> Client:
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def demo(db):
    """The project's demo: the seven-post scrape and its seven participants."""
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def participants(db):
    call_command("import_participants", "statements/demo/participants.json", stdout=StringIO())
    return Participant.objects.all()
