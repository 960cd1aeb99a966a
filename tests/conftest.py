from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

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
def demo(db):
    """The project's demo: the seven-post scrape and its seven participants."""
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def participants(db):
    call_command("import_participants", "statements/demo/participants.json", stdout=StringIO())
    return Participant.objects.all()
