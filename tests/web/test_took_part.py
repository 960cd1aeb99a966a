"""Who took part and who was only mentioned, on the reference material: person: finds both,
took-part: (and ?took_part=) only the statements the person took part in; the statement
page shows the two apart."""

import pytest

from statements.models import Participant, Statement

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    body = client.get("/api/statements/", params).json()
    return [row["title"] for row in body["results"]]


def test_person_finds_every_mention_and_took_part_only_the_meeting(demo, client):
    assert len(titles(client, q="person:vucic")) == 4
    (meeting,) = titles(client, q="took-part:vucic")
    assert "meeting with President of the Republic of Serbia Aleksandar Vucic" in meeting
    assert "77th Session of the UN General Assembly" in meeting
    vucic = Participant.objects.get(slug__contains="vucic")
    assert titles(client, took_part=vucic.slug) == [meeting]
    page = client.get("/statements/", {"q": "took-part:vucic"}).content.decode()
    assert "Took part: Aleksandar Vučić" in page


def test_the_statement_page_shows_who_took_part_and_who_is_mentioned(demo, client):
    meeting = Statement.objects.listed().filter(title__contains="77th Session").first()
    page = client.get(meeting.get_absolute_url()).content.decode()
    took_part = page.split("Took part</h3>")[1].split("</ul>")[0]
    assert "Aleksandar Vučić" in took_part and "Sergey Lavrov" in took_part
    remarks = Statement.objects.listed().get(title__contains="opening remarks during a meeting")
    page = client.get(remarks.get_absolute_url()).content.decode()
    mentioned = page.split("Mentioned</h3>")[1].split("</ul>")[0]
    assert "Aleksandar Vučić" in mentioned


def test_took_part_with_a_name_no_one_has_finds_nothing_and_says_so(demo, client):
    body = client.get("/api/statements/", {"q": "took-part:nobody"}).json()
    assert body["count"] == 0
    assert any("nobody" in note for note in body["notes"])


def test_search_help_says_how_to_ask_for_those_who_took_part(db, client):
    assert "took-part:vucic" in client.get("/search-help/").content.decode()


def test_who_took_part_is_a_facet_of_its_own(demo, client):
    body = client.get("/api/statements/", {"q": "person:vucic", "facets": "1"}).json()
    took_part = {row["slug"]: row["count"] for row in body["facets"]["took_part"]}
    named = {row["slug"]: row["count"] for row in body["facets"]["participant"]}
    assert took_part["aleksandar-vucic"] == 1 and named["aleksandar-vucic"] == 4
    page = client.get("/statements/", {"q": "person:vucic"}).content.decode()
    assert "took_part=aleksandar-vucic" in page
