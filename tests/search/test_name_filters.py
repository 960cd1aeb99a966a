"""person: and source: resolve like a person would: an exact name or alias beats a part of
one, and a value that still names several things searches them all and says so, with a
chip for each (never a silent first ten)."""

import pytest

from tests import factories as make

NAMESAKES = [
    "Aleksei Lavrovsky", "Anna Lavrova", "Boris Lavrovich", "Daria Lavrova", "Egor Lavrov-Sky",
    "Fyodor Lavrovsky", "Galina Lavrova", "Igor Lavrovsky", "Kirill Lavrovich", "Lev Lavrovsky",
    "Maria Lavrova", "Nikita Lavrovsky",
]  # fmt: skip


@pytest.fixture
def namesakes(db):
    """Sergey Lavrov (alias "Lavrov", last by name) and twelve people whose names hold
    "lavrov", each in one statement of their own."""
    mfa = make.source("MFA of Russia")
    lavrov = make.participant("Sergey Lavrov", aliases=["Lavrov"])
    for number in range(3):
        make.statement(mfa, f"Lavrov's talks {number}", participants=[lavrov])
    for name in NAMESAKES:
        make.statement(mfa, f"{name} speaks", participants=[make.participant(name)])
    return lavrov


def search(client, q: str) -> tuple:
    page = client.get("/statements/", {"q": q})
    api = client.get("/api/statements/", {"q": q}).json()
    assert page.status_code == 200
    return page, api


def test_an_exact_alias_beats_names_that_contain_it(namesakes, researcher):
    page, api = search(researcher, "person:lavrov")
    assert page.context["page"].count == api["count"] == 3
    assert page.context["notes"] == api["notes"] == []
    assert [chip["label"] for chip in page.context["active_filters"]] == ["Person: Sergey Lavrov"]


def test_a_part_of_many_names_searches_all_of_them_and_offers_each(namesakes, researcher):
    page, api = search(researcher, "person:lavro")
    assert page.context["page"].count == api["count"] == 3 + len(NAMESAKES)
    (note,) = page.context["notes"]
    assert note.startswith("“lavro” matches 13 people: ") and "and 8 more" in note
    assert api["notes"] == [note]
    choices = page.context["choices"]
    assert len(choices) == len(api["choices"]) == 13
    chosen = next(c for c in choices if c["label"] == "Sergey Lavrov")
    narrowed = researcher.get("/statements/" + chosen["url"])
    assert narrowed.context["page"].count == 3
    assert {"label": "Sergey Lavrov", "q": "person:sergey-lavrov"} in api["choices"]


def test_source_names_every_source_it_matches(db, researcher):
    for country in ["Russia", "Serbia", *(f"Country {n:02}" for n in range(10))]:
        make.statement(make.source(f"MFA of {country}"), f"Statement of {country}")
    page, api = search(researcher, "source:mfa")
    assert page.context["page"].count == api["count"] == 12
    assert "matches 12 sources" in page.context["notes"][0]
    assert len(page.context["choices"]) == 12
    page, api = search(researcher, 'source:"MFA of Russia"')
    assert page.context["page"].count == api["count"] == 1
    assert page.context["notes"] == []
