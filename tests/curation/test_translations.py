"""Translation pairs: the same statement in English and Russian, found, linked or left to
an editor, measured on statements written in the shape of the MFA's channels."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.curation.translations import (
    LINK_FROM,
    Version,
    decide,
    find_translation_pairs,
    numbers_in,
    score,
)
from statements.importers.run import import_paths
from statements.models import Statement, TranslationPair
from tests import factories

DATA = Path(__file__).parent.parent / "data" / "translation_pairs.json"


def test_it_reads_the_numbers_a_translation_keeps():
    english = "On September 23, under UNSC Resolution 1244, trade grew by 1,200 million (85%)."
    russian = (
        "23 сентября в соответствии с резолюцией СБ ООН 1244 товарооборот вырос на 1 200 млн (85%)."
    )
    assert numbers_in(english) == numbers_in(russian) == {"23.9", "23", "1244", "1200", "85"}


def version(pk, language, **fields) -> Version:
    values = {
        "day": date(2024, 8, 14),
        "kind": "meeting",
        "participants": frozenset({1, 2}),
        "numbers": frozenset({"14.8", "1244"}),
        "length": 1000,
    }
    return Version(pk=pk, language=language, **{**values, **fields})


def test_it_scores_a_translation_high_and_says_why():
    found = score(version(1, "en"), version(2, "ru", length=1150))
    assert found.value >= LINK_FROM
    assert "same day" in found.reasons
    assert "participants: 2 of 2 shared" in found.reasons
    assert "same kind (meeting)" in found.reasons


@pytest.mark.parametrize(
    "other",
    [
        {"language": "en"},  # the same language: not a translation
        {"day": date(2024, 8, 17)},  # days apart
    ],
)
def test_it_never_pairs_the_same_language_or_distant_days(other):
    language = other.pop("language", "ru")
    assert score(version(1, "en"), version(2, language, **other)).value == 0


@pytest.fixture
def measure_set(tmp_path, db):
    data = json.loads(DATA.read_text())
    for person in data["participants"]:
        factories.participant(person["name"], aliases=person["aliases"])
    path = tmp_path / "statements.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(
                {**item, "external_id": item.pop("id"), "source": f"mfa-{item['language']}"},
                ensure_ascii=False,
            )
            for item in data["statements"]
        )
    )
    run = import_paths([path], format_name="auto")
    assert run.created == len(data["statements"]), run.errors
    ids = dict(Statement.objects.values_list("external_id", "pk"))
    return data, ids


def key(ids, pair) -> tuple[int, int]:
    a, b = ids[pair[0]], ids[pair[1]]
    return min(a, b), max(a, b)


def test_it_finds_translation_pairs_with_precision_and_recall_of_at_least_0_9(measure_set):
    data, ids = measure_set
    TranslationPair.objects.all().delete()  # measured from scratch, not from the import's step
    find_translation_pairs()
    linked = set(
        TranslationPair.objects.filter(status=TranslationPair.Status.LINKED).values_list(
            "first_id", "second_id"
        )
    )
    suggested = set(
        TranslationPair.objects.filter(status=TranslationPair.Status.PENDING).values_list(
            "first_id", "second_id"
        )
    )
    truth = {key(ids, pair) for pair in data["pairs"] + data["reference_pairs"]}
    misses = {key(ids, pair) for pair in data["near_misses"]}
    found_true = len(linked & truth)
    precision = found_true / len(linked) if linked else 0.0
    recall = found_true / len(truth)
    print(
        f"\ntranslation pairs: {len(truth)} true pairs, {len(misses)} near misses;"
        f" linked {len(linked)} ({found_true} true), suggested {len(suggested)}"
        f" ({len(suggested & truth)} true, {len(suggested & misses)} near misses);"
        f" precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision >= 0.9
    assert recall >= 0.9
    assert not linked & misses
    reference = {key(ids, pair) for pair in data["reference_pairs"]}
    assert reference <= linked, "every reference post pairs with its Russian version"


def test_the_import_pairs_what_it_brought_and_a_rerun_changes_nothing(measure_set):
    data, ids = measure_set
    stored = TranslationPair.objects.count()
    assert stored >= len(data["pairs"])
    out = StringIO()
    call_command("find_translation_pairs", stdout=out)
    assert "new: 0 linked, 0 to review" in out.getvalue()
    assert TranslationPair.objects.count() == stored


def test_a_rejected_pair_is_never_suggested_again(db, editor_user):
    lavrov, djuric = factories.participant(), factories.participant("Marko Đurić")
    english = factories.statement(
        factories.source("MFA Russia"),
        "Lavrov met Djuric on May 6",
        text="They spoke of Resolution 1244.",
        language="en",
        kind="meeting",
        published_at="2024-05-06T12:00Z",
        participants=[lavrov, djuric],
    )
    russian = factories.statement(
        factories.source("МИД России", "mid-russia"),
        "6 мая С.В.Лавров встретился с М.Джуричем",
        text="Обсудили резолюцию 1244.",
        language="ru",
        kind="meeting",
        published_at="2024-05-06T09:00Z",
        participants=[lavrov, djuric],
    )
    find_translation_pairs()
    pair = TranslationPair.objects.get()
    assert {pair.first_id, pair.second_id} == {english.pk, russian.pk}
    decide(pair, editor_user, confirmed=False)
    assert find_translation_pairs()["known"] == 1
    pair.refresh_from_db()
    assert pair.status == TranslationPair.Status.REJECTED
    assert pair.decided_by == editor_user
