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

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from statements.models import Participant


def pytest_configure(config):
    """Each test run its own cache, in memory (not the development server's files), and
    no rate limits."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Tests ask a lot from one address; the rate-limit tests set their own limits.
    settings.API_REQUESTS_PER_MINUTE = 0
    settings.EXPORTS_PER_HOUR = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached counts (the timeline's totals) must not leak from one test's archive to the next."""
    cache.clear()


@pytest.fixture
def researcher(db) -> Client:
    return Client()


@pytest.fixture
def editor_user(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-12345-long", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
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
