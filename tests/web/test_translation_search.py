"""has:translation in the query language: statements with a linked version in another
language; it combines with lang:. A pair waiting for an editor or rejected does not count."""

import pytest

from statements.models import TranslationPair
from tests import factories

pytestmark = pytest.mark.django_db


def api_ids(client, query) -> set[int]:
    return {row["id"] for row in client.get("/api/statements/", {"q": query}).json()["results"]}


@pytest.fixture
def versions(db):
    source = factories.source("MFA")
    made = {
        name: factories.statement(source, name, language=name[:2], published_at="2024-05-06T10:00Z")
        for name in ("en linked", "ru linked", "en pending", "ru pending", "en alone")
    }
    TranslationPair.objects.create(
        first=made["en linked"],
        second=made["ru linked"],
        score=0.9,
        status=TranslationPair.Status.LINKED,
    )
    TranslationPair.objects.create(
        first=made["en pending"],
        second=made["ru pending"],
        score=0.6,
        status=TranslationPair.Status.PENDING,
    )
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has:translation", {"en linked", "ru linked"}),
        ("has:translation lang:ru", {"ru linked"}),
        ("-has:translation lang:en", {"en pending", "en alone"}),
    ],
)
def test_has_translation_combines_with_lang(client, versions, query, expected):
    assert api_ids(client, query) == {versions[name].pk for name in expected}
