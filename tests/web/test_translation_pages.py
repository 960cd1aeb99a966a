"""A statement's versions in other languages on its page ("Also in Russian") and side by
side, paragraph by paragraph; pairs waiting for an editor, rejected, or with a hidden
version are not offered to readers."""

import json

import pytest

from statements.models import Statement, TranslationPair
from tests import factories

pytestmark = pytest.mark.django_db

ENGLISH = "Sergey Lavrov met Marko Đurić.\nThey discussed Resolution 1244.\nTalks went well."
RUSSIAN = "Сергей Лавров встретился с Марко Джуричем.\nОбсудили резолюцию 1244."


@pytest.fixture
def pair(db):
    source = factories.source("MFA")
    english = factories.statement(source, "Lavrov met Đurić", text=ENGLISH, language="en")
    russian_title = "Лавров встретился с Джуричем"
    russian = factories.statement(source, russian_title, text=RUSSIAN, language="ru")
    linked = TranslationPair.objects.create(
        first=english,
        second=russian,
        score=0.9,
        reasons=["same day", "same people"],
        status=TranslationPair.Status.LINKED,
    )
    return english, russian, linked


def test_the_statement_page_offers_its_version_in_the_other_language(client, pair):
    english, russian, _ = pair
    page = client.get(english.get_absolute_url()).content.decode()
    assert "Also in Russian" in page and russian.get_absolute_url() in page
    assert f"/statements/{english.pk}/beside/{russian.pk}/" in page
    back = client.get(russian.get_absolute_url()).content.decode()
    assert "Also in English" in back


def test_side_by_side_pairs_the_paragraphs_in_order(client, pair):
    english, russian, _ = pair
    response = client.get(f"/statements/{english.pk}/beside/{russian.pk}/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0] == ("Lavrov met Đurić", "Лавров встретился с Джуричем")
    assert rows[2] == ("They discussed Resolution 1244.", "Обсудили резолюцию 1244.")
    assert rows[3] == ("Talks went well.", "")  # the shorter version leaves a gap
    page = response.content.decode()
    assert 'lang="ru"' in page and 'lang="en"' in page


@pytest.mark.parametrize(
    "status", [TranslationPair.Status.PENDING, TranslationPair.Status.REJECTED]
)
def test_a_pair_no_one_linked_is_not_offered(client, pair, status):
    english, russian, linked = pair
    linked.status = status
    linked.save()
    assert "Also in Russian" not in client.get(english.get_absolute_url()).content.decode()
    assert client.get(f"/statements/{english.pk}/beside/{russian.pk}/").status_code == 404


def test_a_hidden_version_is_not_offered_to_readers(client, pair):
    english, russian, _ = pair
    Statement.objects.filter(pk=russian.pk).update(status=Statement.Status.HIDDEN)
    assert "Also in Russian" not in client.get(english.get_absolute_url()).content.decode()
    assert client.get(f"/statements/{english.pk}/beside/{russian.pk}/").status_code == 404


def test_exports_and_the_api_carry_a_statement_s_versions(client, pair):
    english, russian, linked = pair
    api = client.get("/api/statements/", {"sort": "oldest"}).json()["results"]
    assert {row["id"]: row["translations"] for row in api} == {
        english.pk: [russian.pk],
        russian.pk: [english.pk],
    }
    detail = client.get(f"/api/statements/{english.pk}/").json()
    assert detail["translations"] == [russian.pk]
    lines = client.get("/statements/export.jsonl").getvalue().decode().splitlines()
    assert {json.loads(line)["id"]: json.loads(line)["translations"] for line in lines} == {
        english.pk: [russian.pk],
        russian.pk: [english.pk],
    }
    rows = client.get("/statements/export.csv").getvalue().decode("utf-8-sig").splitlines()
    assert "translations" in rows[0] and str(russian.pk) in rows[1] + rows[2]
    linked.status = TranslationPair.Status.REJECTED
    linked.save()
    detail = client.get(f"/api/statements/{english.pk}/").json()
    assert detail["translations"] == []


def test_a_pair_linked_without_reasons_says_so_without_an_empty_list(client, pair):
    english, russian, linked = pair
    linked.reasons = []
    linked.save()
    page = client.get(f"/statements/{english.pk}/beside/{russian.pk}/").content.decode()
    assert "The archive linked them as versions of one statement." in page
    assert "statement: ." not in page
