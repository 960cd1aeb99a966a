"""The index pages: every participant, hashtag and source, and a source's own page."""

import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statements.models import Participant, Source
from statements.search import indexes
from tests import factories as make


def counts_shown(page) -> dict[str, int]:
    return {item.name: item.statement_count for item in page.context["page"].items}


def test_it_lists_every_participant_a_to_z_with_listed_counts(researcher):
    mfa = make.source()
    lavrov, vucic = make.participant("Sergey Lavrov"), make.participant("Aleksandar Vučić")
    make.participant("Nobody Named")
    make.statement(mfa, participants=[lavrov, vucic])
    make.statement(mfa, participants=[lavrov])
    make.statement(mfa, participants=[lavrov], status="hidden")  # not public: not counted
    original = make.statement(mfa, participants=[vucic])
    make.statement(make.source("Copy", slug="copy"), participants=[vucic], duplicate_of=original)

    response = researcher.get("/participants/")

    assert response.status_code == 200
    assert [item.name for item in response.context["page"].items] == [
        "Aleksandar Vučić",
        "Nobody Named",
        "Sergey Lavrov",
    ]
    # As searches count them: published, a post once however many copies it has.
    assert counts_shown(response) == {"Aleksandar Vučić": 2, "Nobody Named": 0, "Sergey Lavrov": 2}
    page = response.content.decode()
    assert 'href="/participants/sergey-lavrov/"' in page


def test_it_sorts_participants_by_count_and_filters_by_role_country_and_name(researcher):
    mfa = make.source()
    lavrov = make.participant("Sergey Lavrov", role="Foreign Minister", country="Russia")
    zakharova = make.participant("Maria Zakharova", role="Spokeswoman", country="Russia")
    djuric = make.participant("Marko Đurić", role="Foreign Minister", country="Serbia")
    for _ in range(3):
        make.statement(mfa, participants=[zakharova])
    make.statement(mfa, participants=[lavrov, djuric])
    make.statement(mfa, participants=[djuric])

    by_count = researcher.get("/participants/", {"sort": "count"})
    assert [item.name for item in by_count.context["page"].items] == [
        "Maria Zakharova",
        "Marko Đurić",
        "Sergey Lavrov",
    ]
    role = researcher.get("/participants/", {"role": "Foreign Minister", "sort": "count"})
    assert counts_shown(role) == {"Marko Đurić": 2, "Sergey Lavrov": 1}
    country = researcher.get("/participants/", {"country": "Russia"})
    assert list(counts_shown(country)) == ["Maria Zakharova", "Sergey Lavrov"]
    named = researcher.get("/participants/", {"q": "duric"})  # diacritics ignored
    assert list(counts_shown(named)) == ["Marko Đurić"]


def test_its_bad_input_is_a_400_in_the_sites_words_and_a_page_past_the_last_a_404(researcher):
    make.participant()
    unknown_role = researcher.get("/participants/", {"role": "Emperor"})
    assert unknown_role.status_code == 400
    assert "No participant has the role “Emperor”." in unknown_role.content.decode()
    assert researcher.get("/participants/", {"sort": "nobody"}).status_code == 400
    assert researcher.get("/participants/", {"page": "x"}).status_code == 400
    assert researcher.get("/participants/", {"q": "a\x00b"}).status_code == 400
    assert researcher.get("/participants/", {"page": "2"}).status_code == 404
    assert researcher.get("/hashtags/", {"page": "2"}).status_code == 404


def test_it_pages_participants_without_a_query_per_row(researcher, settings):
    mfa = make.source()
    people = Participant.objects.bulk_create(
        Participant(name=f"Person {number:03}", slug=f"person-{number:03}")
        for number in range(indexes.INDEX_PAGE_SIZE + 5)
    )
    make.statement(mfa, participants=people[:3])

    with CaptureQueriesContext(connection) as queries:
        first = researcher.get("/participants/")
    second = researcher.get("/participants/", {"page": "2"})
    by_count = researcher.get("/participants/", {"sort": "count", "page": "2"})

    assert len(first.context["page"].items) == indexes.INDEX_PAGE_SIZE
    assert first.context["page"].next_url == "?page=2"
    assert len(queries) < 10  # a page and one grouped count, whatever the page size
    assert [item.name for item in second.context["page"].items] == [
        f"Person {number:03}" for number in range(100, 105)
    ]
    assert second.context["page"].next_url == ""
    assert len(by_count.context["page"].items) == 5


def test_it_lists_hashtags_by_count_and_by_name(researcher):
    mfa = make.source()
    kosovo, serbia = make.hashtag("#Kosovo"), make.hashtag("#RussiaSerbia")
    make.statement(mfa, hashtags=[kosovo, serbia])
    make.statement(mfa, hashtags=[serbia])

    az = researcher.get("/hashtags/")
    assert counts_shown(az) == {"#Kosovo": 1, "#RussiaSerbia": 2}
    assert list(counts_shown(researcher.get("/hashtags/", {"sort": "count"}))) == [
        "#RussiaSerbia",
        "#Kosovo",
    ]
    assert list(counts_shown(researcher.get("/hashtags/", {"q": "#serb"}))) == ["#RussiaSerbia"]
    assert 'href="/hashtags/kosovo/"' in az.content.decode()


def test_it_lists_sources_with_counts_and_first_and_last_dates(researcher):
    mfa = make.source("Russian MFA", slug="mfa-russia")
    make.source("Empty channel", slug="empty")
    make.statement(mfa, published_at="2024-03-01T10:00Z")
    make.statement(mfa, published_at="2025-01-05T10:00Z")

    response = researcher.get("/sources/")

    assert response.status_code == 200
    numbers = {source.name: source.numbers for source in response.context["sources"]}
    assert numbers["Russian MFA"]["count"] == 2
    assert numbers["Russian MFA"]["first"].date().isoformat() == "2024-03-01"
    assert numbers["Russian MFA"]["last"].date().isoformat() == "2025-01-05"
    assert numbers["Empty channel"]["count"] == 0
    assert 'href="/sources/mfa-russia/"' in response.content.decode()


def test_a_source_page_says_what_it_is_and_counts_its_statements(researcher):
    mfa = make.source(
        "МИД России",
        slug="мид-россии",
        handle="MFARussia",
        description="The ministry's Russian channel.",
    )
    make.statement(mfa, kind="meeting", published_at="2023-05-01T10:00Z")
    make.statement(mfa, kind="meeting", published_at="2024-02-01T10:00Z")
    make.statement(mfa, kind="phone_call", published_at="2024-03-01T10:00Z")

    response = researcher.get("/sources/мид-россии/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>МИД России</h1>" in page
    assert "The ministry&#x27;s Russian channel." in page
    assert 'href="https://t.me/MFARussia"' in page
    assert {row["name"]: row["count"] for row in response.context["kinds"]} == {
        "Meeting": 2,
        "Phone call": 1,
    }
    assert [(row["year"], row["count"]) for row in response.context["years"]] == [
        (2024, 2),
        (2023, 1),
    ]
    assert response.context["timeline"]["bars"]
    assert f'href="/statements/?{urlencode({"source": "мид-россии"})}"' in page
    assert reverse("source-feed", args=["мид-россии"]) in page
    feed = researcher.get("/sources/мид-россии/feed.atom")
    assert feed.status_code == 200
    assert feed.content.decode().count("<entry>") == 3


def test_an_unknown_source_is_a_404_in_the_sites_layout(researcher):
    response = researcher.get("/sources/nowhere/")
    assert response.status_code == 404
    assert researcher.get("/sources/nowhere/feed.atom").status_code == 404


def test_a_statement_without_a_stored_link_links_to_its_original_by_the_sources_handle(
    researcher,
):
    channel = make.source("MFA", handle="MFARussia")
    statement = make.statement(channel, source_message_id=1234)
    page = researcher.get(statement.get_absolute_url()).content.decode()
    assert 'href="https://t.me/MFARussia/1234"' in page


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("start", ["/participants/", "/hashtags/", "/sources/"])
def test_every_link_of_the_index_pages_answers(demo, researcher, start):
    """The index page and each source's page it leads to: every link on them answers 200."""
    pages = [start]
    if start == "/sources/":
        pages += [source.get_absolute_url() for source in Source.objects.all()]
    home = researcher.get("/").content.decode()
    for link in ("/participants/", "/hashtags/", "/sources/"):
        assert f'href="{link}"' in home  # the navigation leads to each
    checked = set()
    for page in pages:
        response = researcher.get(page)
        assert response.status_code == 200, page
        for href in links_of(response.content.decode()):
            target = urljoin(page, href)
            if urlsplit(target).netloc or target in checked or target.startswith("#"):
                continue
            checked.add(target)
            assert researcher.get(target).status_code == 200, f"{target} (on {page})"
    assert any(re.fullmatch(rf"{start}[^/?]+/", target) for target in checked)
