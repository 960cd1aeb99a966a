"""What a search says and offers beside its results, on the page and in the API alike:
notes on words it cannot search, "Did you mean" from the archive's own words and names,
the kind: filter for kinds named in words, and no suggestion that shares nothing with the
query."""

import re
from pathlib import Path

import pytest

from statements.importers.run import import_paths
from statements.search.inline_filters import RESOLVERS
from statements.search.query import FILTER_NAMES
from statements.search.words import refresh_words
from tests import factories as make
from tests.search.test_name_filters import search


@pytest.mark.parametrize("q", ["the", "не", "and", "the AND не"])
def test_a_query_of_stop_words_only_says_it_searches_for_nothing(demo, researcher, q):
    page, api = search(researcher, q)
    assert page.context["page"].count == api["count"] == 0
    notes = page.context["notes"]
    assert api["notes"] == notes
    assert any("too common to be searched (stop words)" in note for note in notes)
    assert "stop words" in page.content.decode()


def test_a_stop_word_beside_other_words_needs_no_note(demo, researcher):
    page, api = search(researcher, "the kosovo")
    assert api["count"] > 0
    assert page.context["notes"] == api["notes"] == []


@pytest.mark.parametrize(
    "q, said",
    [
        ("se* kosovo", "a prefix needs 3 letters or more"),
        ("person: kosovo", "“person:” has no value after the colon; left out."),
        ("country:serbia", "“country:” is not a filter"),
        (" ".join(f"word{n}" for n in range(40)), "Only the first 32 words are searched."),
    ],
)
def test_what_is_not_searched_as_written_is_said_on_the_page_and_in_the_api(
    demo, researcher, q, said
):
    page, api = search(researcher, q)
    assert api["notes"] == page.context["notes"]
    assert any(said in note for note in api["notes"])


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("Lavorv", "Lavrov"),
        ("Kosvo", "Kosovo"),
        ("Лавроф", "Лавров"),
        ("lavorv kosovo", "lavrov kosovo"),
    ],
)
def test_a_typo_gets_did_you_mean_from_the_archives_words_and_names(demo, researcher, typed, meant):
    page, api = search(researcher, typed)
    offered = page.context["did_you_mean"]
    assert offered["q"] == api["did_you_mean"]["q"] == meant
    corrected = researcher.get("/statements/" + offered["url"])
    assert corrected.context["query"] == meant
    assert offered["count"] == api["did_you_mean"]["count"] == corrected.context["page"].count
    assert offered["count"] > page.context["page"].count
    assert f'href="{offered["url"]}"' in page.content.decode().replace("&amp;", "&")
    assert researcher.get(api["did_you_mean"]["url"]).json()["count"] == offered["count"]


def test_a_search_that_finds_enough_is_offered_no_correction(demo, researcher):
    page, api = search(researcher, "kosovo")
    assert page.context["did_you_mean"] is None and api["did_you_mean"] is None
    assert "Did you mean" not in page.content.decode()


def test_a_correction_that_finds_no_more_is_not_offered(db, researcher):
    mfa = make.source("MFA")
    make.statement(mfa, "Talks on the lavorv question")  # the archive's own misspelling
    make.statement(mfa, "Lavrova spoke")  # "lavrova" is in the vocabulary, not in this search
    refresh_words()
    page, api = search(researcher, "lavorv")
    assert page.context["page"].count == 1
    assert page.context["did_you_mean"] is None and api["did_you_mean"] is None


def test_the_vocabulary_is_read_again_after_an_import(participants, researcher):
    before, _ = search(researcher, "переговорх")
    assert before.context["did_you_mean"] is None  # no Russian statement yet
    import_paths([Path(__file__).parent.parent / "data" / "mfa_channel_export.json"])
    after, api = search(researcher, "переговорх")
    assert after.context["did_you_mean"]["q"].startswith("переговор")
    assert api["did_you_mean"] == {
        **after.context["did_you_mean"],
        "url": api["did_you_mean"]["url"],
    }


@pytest.mark.parametrize(
    "q, label, narrowed",
    [
        ("lavrov phone call", "Kind: Phone call", "lavrov kind:phone_call"),
        (
            '"press conference" Zakharova',
            "Kind: Press conference",
            "kind:press_conference Zakharova",
        ),
        ("встреча Лавров", "Kind: Meeting", "kind:meeting Лавров"),
        ("Lavrov interview", "Kind: Interview", "Lavrov kind:interview"),
    ],
)
def test_a_kind_named_in_words_offers_the_kind_filter(demo, researcher, q, label, narrowed):
    page, api = search(researcher, q)
    assert {"label": label, "q": narrowed} in api["choices"]
    chip = next(c for c in page.context["choices"] if c["label"] == label)
    assert researcher.get("/statements/" + chip["url"]).context["query"] == narrowed
    assert page.context["query"] == q  # the search as typed still runs


@pytest.mark.parametrize(
    "q", ["kosovo NOT interview", "meeting OR interview", "meeting kind:remarks"]
)
def test_no_kind_is_offered_for_excluded_or_alternative_words_or_a_kind_chosen(demo, researcher, q):
    page, api = search(researcher, q)
    assert not any(c["label"].startswith("Kind:") for c in page.context["choices"])
    assert not any(c["label"].startswith("Kind:") for c in api["choices"])


def test_names_that_share_nothing_with_the_query_are_not_suggested(demo, researcher):
    page, api = search(researcher, "Vuc")  # Vučić shares "vuc"; Vulin only a first "vu"
    people = [p.name for p in page.context["close_names"]["participants"]]
    assert people == [p["name"] for p in api["close_names"]["participants"]]
    assert "Aleksandar Vučić" in people and "Aleksandar Vulin" not in people


def test_a_search_that_finds_nothing_says_in_the_api_what_the_page_offers(demo, researcher):
    page, api = search(researcher, "Dayton kind:phone_call")
    broader = page.context["broader"]
    assert broader["label"] == api["broader"]["label"] == "without kind:phone_call"
    assert broader["count"] == api["broader"]["count"] == 2
    assert researcher.get(api["broader"]["url"]).json()["count"] == 2


def test_the_help_page_names_every_filter_note_and_suggestion(db, researcher):
    page = researcher.get("/search-help/").content.decode()
    assert set(RESOLVERS) <= set(FILTER_NAMES.values())  # each resolver has a written name
    for name in [*FILTER_NAMES, *RESOLVERS]:
        assert re.search(rf"<code>{name}:", page), name
    for said in ("AND", "OR", "NOT", "stop word", "three letters", "Did you mean", "phone call"):
        assert said in page
    for key in ("notes", "choices", "did_you_mean", "close_names", "broader"):
        assert f"<code>{key}</code>" in page
