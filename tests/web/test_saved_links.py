"""Links saved before a merge keep working: the page, the feed, ?participant= on the page,
the API and the exports, and person: in the search box."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from statements.curation.participants import merge_participants
from tests import factories as make
from tests.web.test_every_filter import SURFACES, answer_count


@pytest.fixture
def merged(db):
    """Two spellings of one minister, each in a statement; the second merged into the first."""
    dacic = make.participant("Ivica Dačić")
    duplicate = make.participant("Ivica Dacic (MFA)", slug="ivica-dacic-mfa")
    mfa = make.source("MFA of Serbia")
    make.statement(mfa, "Dačić in Moscow", participants=[dacic])
    make.statement(mfa, "Dacic in Belgrade", participants=[duplicate])
    merge_participants(dacic, duplicate)
    return dacic


def test_the_old_slug_leads_to_the_participant_it_became(merged, researcher):
    page = researcher.get("/participants/ivica-dacic-mfa/")
    assert page.status_code == 302 and page["Location"] == merged.get_absolute_url()
    feed = researcher.get("/participants/ivica-dacic-mfa/feed.atom")
    assert feed.status_code == 200 and b"Dacic in Belgrade" in feed.content


@pytest.mark.parametrize("path", ["/statements/", *SURFACES, "/statements/feed.atom"])
def test_an_old_slug_in_a_saved_search_still_searches(merged, researcher, path):
    response = researcher.get(path, {"participant": "ivica-dacic-mfa"})
    assert response.status_code == 200
    assert answer_count(response, path) == 2


def test_the_chip_of_an_old_slug_removes_it(merged, researcher):
    response = researcher.get("/statements/", {"participant": "ivica-dacic-mfa", "q": "moscow"})
    (chip,) = [c for c in response.context["active_filters"] if c["label"].startswith("Person")]
    assert "participant" not in parse_qs(urlsplit(chip["url"]).query)


def test_only_a_search_gets_a_way_back(demo, researcher):
    statement = researcher.get("/statements/").context["page"].object_list[0]
    page = researcher.get(statement.get_absolute_url(), {"utm_source": "newsletter"})
    assert page.context["search_url"] == ""
    page = researcher.get(statement.get_absolute_url(), {"kind": "meeting"})
    assert page.context["search_url"] == "/statements/?kind=meeting"


def test_person_takes_an_old_slug_too(merged, researcher):
    response = researcher.get("/statements/", {"q": "person:ivica-dacic-mfa"})
    assert response.context["page"].count == 2


def test_back_to_the_search_returns_to_the_whole_search(demo, researcher):
    search = {"q": "kosovo", "kind": "meeting", "sort": "oldest"}
    results = researcher.get("/statements/", search)
    first = results.context["page"].object_list[0]
    link = re.search(rf'href="({first.get_absolute_url()}[^"]*)"', results.content.decode())
    detail = researcher.get(unescape(link.group(1)))
    back = parse_qs(urlsplit(detail.context["search_url"]).query)
    assert back == {name: [value] for name, value in search.items()}
    again = researcher.get(detail.context["search_url"])
    assert again.context["page"].count == results.context["page"].count
