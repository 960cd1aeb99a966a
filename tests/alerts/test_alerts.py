"""Alerts by e-mail, as a reader meets them: a form, a mail to confirm, digests, a link to
stop, and an address deleted on request. Mails land in Django's in-memory outbox."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from statements.alerts.digests import send_due_digests
from statements.models import Alert, Source, Statement
from tests import factories as make

LINK = re.compile(r"https?://[^/\s]+(/alerts/[a-z]+/[^/\s]+/)")


def links_in(message) -> list[str]:
    """The alerts' links (as paths) in a mail's text, in order."""
    return LINK.findall(message.body)


def one_click_path(message) -> str:
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return LINK.search(message.extra_headers["List-Unsubscribe"]).group(1)


def sign_up(client: Client, search: str, email: str = "reader@example.org", frequency="daily"):
    return client.post("/alerts/", {"email": email, "frequency": frequency, "search": search})


def confirmed(client: Client, search: str, email: str = "reader@example.org", frequency="daily"):
    """Sign up and follow the link mailed; the alert."""
    assert sign_up(client, search, email, frequency).status_code == 200
    confirm_path = links_in(mail.outbox[-1])[0]
    assert client.post(confirm_path).status_code == 200
    return Alert.objects.get(email=email, search=search)


def said(title: str, **fields) -> Statement:
    """A statement of the one source these tests need."""
    return make.statement(Source.objects.first() or make.source(), title, **fields)


def later(days: float):
    return timezone.now() + timedelta(days=days)


def test_it_follows_a_search_from_sign_up_to_digest_and_unsubscribes_in_one_click(researcher):
    said("Old talks on Kosovo")
    page = researcher.get("/statements/", {"q": "kosovo"}).content.decode()
    assert 'action="/alerts/"' in page and 'name="search" value="q=kosovo"' in page

    answer = sign_up(researcher, "q=kosovo&sort=newest&page=2", email="Reader@Example.org")
    assert answer.status_code == 200 and "Check your mail" in answer.content.decode()
    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    assert confirmation.subject == "Confirm your alert: “kosovo”"
    assert one_click_path(confirmation).startswith("/alerts/unsubscribe/")
    assert send_due_digests(later(2)).sent == 0  # nothing before the link is followed

    confirm_path = links_in(confirmation)[0]
    assert "Confirm" in researcher.get(confirm_path).content.decode()
    assert Alert.objects.get().confirmed_at is None  # opening the link changes nothing
    assert "Alert confirmed" in researcher.post(confirm_path).content.decode()
    alert = Alert.objects.get()
    assert (alert.search, alert.frequency) == ("q=kosovo", "daily")

    said("New talks on Kosovo")
    said("Talks on trade")
    assert send_due_digests(later(1)).sent == 1
    digest = mail.outbox[-1]
    assert digest.subject == "1 new statement: “kosovo”"
    assert "New talks on Kosovo" in digest.body
    assert "Old talks on Kosovo" not in digest.body and "trade" not in digest.body
    new = Statement.objects.get(title="New talks on Kosovo")
    assert f"http://localhost:8000/statements/{new.pk}/" in digest.body

    # A mail program's one click: a POST to the header's link, with no form and no cookie.
    stop = Client(enforce_csrf_checks=True).post(one_click_path(digest))
    assert stop.status_code == 200 and "Unsubscribed" in stop.content.decode()
    assert not Alert.objects.exists()
    said("Newer talks on Kosovo")
    sent = len(mail.outbox)
    send_due_digests(later(3))
    assert len(mail.outbox) == sent
    assert "gone" in researcher.get(one_click_path(digest)).content.decode()


def test_a_link_in_the_digest_text_unsubscribes_with_one_button(researcher):
    confirmed(researcher, "q=kosovo")
    said("Talks on Kosovo")
    send_due_digests(later(1))
    stop_path = links_in(mail.outbox[-1])[-1]
    assert "Unsubscribe" in researcher.get(stop_path).content.decode()
    assert Alert.objects.exists()  # opened, not yet clicked
    researcher.post(stop_path)
    assert not Alert.objects.exists()


def test_participant_and_hashtag_pages_offer_to_follow_them(researcher):
    lavrov = make.participant("Sergey Lavrov")
    kosovo = make.hashtag("#Kosovo")
    said("Talks", participants=[lavrov], hashtags=[kosovo])
    person_page = researcher.get(lavrov.get_absolute_url()).content.decode()
    assert f'name="search" value="participant={lavrov.slug}"' in person_page
    tag_page = researcher.get(kosovo.get_absolute_url()).content.decode()
    assert f'name="search" value="hashtag={kosovo.slug}"' in tag_page

    confirmed(researcher, f"participant={lavrov.slug}", frequency="weekly")
    assert mail.outbox[0].subject == "Confirm your alert: Person: Sergey Lavrov"
    said("Lavrov meets Vučić", participants=[lavrov])
    said("Someone else's talks")
    assert send_due_digests(later(1)).sent == 0  # weekly: not due after a day
    assert send_due_digests(later(7)).sent == 1
    assert "Lavrov meets Vučić" in mail.outbox[-1].body
    assert "Someone else" not in mail.outbox[-1].body


def test_no_digest_is_sent_twice_and_no_statement_is_in_two_digests(researcher):
    confirmed(researcher, "q=kosovo")
    said("First on Kosovo")
    first_day = later(1)
    assert send_due_digests(first_day).sent == 1
    assert send_due_digests(first_day).sent == 0  # a second worker, a second run
    assert send_due_digests(first_day + timedelta(hours=2)).sent == 0
    said("Second on Kosovo")
    Statement.objects.filter(title="Second on Kosovo").update(
        created_at=first_day + timedelta(hours=3)
    )
    assert send_due_digests(later(2)).sent == 1
    digests = [message for message in mail.outbox if "new statement" in message.subject]
    assert len(digests) == 2
    assert "First on Kosovo" in digests[0].body and "Second" not in digests[0].body
    assert "Second on Kosovo" in digests[1].body and "First" not in digests[1].body
    nothing = send_due_digests(later(3))
    assert (nothing.sent, nothing.nothing_new) == (0, 1)  # no mail about nothing


def test_a_statement_imported_late_still_reaches_its_followers(researcher):
    confirmed(researcher, "q=kosovo")
    said("Talks on Kosovo", published_at=timezone.now() - timedelta(days=30))
    assert send_due_digests(later(1)).sent == 1
    assert "Talks on Kosovo" in mail.outbox[-1].body


def test_the_worker_sends_the_digests_that_are_due(researcher):
    alert = confirmed(researcher, "q=kosovo")
    Alert.objects.filter(pk=alert.pk).update(covered_until=later(-2))
    said("Talks on Kosovo")
    call_command("import_worker", "--once", stdout=StringIO())
    assert mail.outbox[-1].subject == "1 new statement: “kosovo”"
    call_command("send_digests", stdout=StringIO())
    assert len(mail.outbox) == 2  # the confirmation and one digest


def test_a_sign_up_never_confirmed_is_forgotten_after_a_week(researcher):
    sign_up(researcher, "q=kosovo")
    said("Talks on Kosovo")
    assert send_due_digests(later(6)).unconfirmed_forgotten == 0
    assert len(mail.outbox) == 1
    assert send_due_digests(later(8)).unconfirmed_forgotten == 1
    assert not Alert.objects.exists() and len(mail.outbox) == 1


@pytest.mark.parametrize(
    "form",
    [
        {"email": "not an address", "frequency": "daily", "search": "q=kosovo"},
        {"email": "", "frequency": "daily", "search": "q=kosovo"},
        {"email": "a@example.org", "frequency": "hourly", "search": "q=kosovo"},
        {"email": "a@example.org", "frequency": "daily", "search": "participant=nobody"},
        {"email": "a@example.org", "frequency": "daily", "search": "kind=poem"},
        {"email": "a@example.org", "frequency": "daily", "search": "q=a\x00b"},
        {"email": "a@example.org", "frequency": "daily", "search": "q=" + "x" * 3000},
        {"email": "a\x00@example.org", "frequency": "daily", "search": "q=kosovo"},
    ],
)
def test_bad_sign_ups_are_a_400_with_the_reason_and_send_nothing(researcher, form):
    answer = researcher.post("/alerts/", form)
    assert answer.status_code == 400
    assert 'class="errors"' in answer.content.decode()
    assert not mail.outbox and not Alert.objects.exists()


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe", "forget"])
def test_an_altered_or_made_up_link_is_a_400(researcher, kind):
    confirmed(researcher, "q=kosovo")
    for token in ["nonsense", "eyJhbGVydCI6MX0:1t:forged"]:
        for method in (researcher.get, researcher.post):
            answer = method(f"/alerts/{kind}/{token}/")
            assert answer.status_code == 400, (method, token)
            assert "This link does not work" in answer.content.decode()
    assert Alert.objects.filter(confirmed_at__isnull=False).count() == 1


def test_a_link_for_one_thing_does_not_serve_for_another(researcher):
    alert = confirmed(researcher, "q=kosovo")
    confirm_token = links_in(mail.outbox[0])[0].split("/")[3]
    assert researcher.post(f"/alerts/unsubscribe/{confirm_token}/").status_code == 400
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_a_search_that_cannot_be_read_cannot_be_followed(researcher):
    answer = researcher.get("/alerts/", {"participant": "nobody"})
    assert answer.status_code == 400
    assert "participant" in answer.content.decode()
    assert researcher.get("/alerts/", {"q": "kosovo"}).status_code == 200


def test_sign_ups_are_rate_limited_per_client_and_per_address(researcher, settings):
    settings.ALERT_SIGNUPS_PER_HOUR = 2
    assert sign_up(researcher, "q=one", email="a@example.org").status_code == 200
    assert sign_up(researcher, "q=two", email="b@example.org").status_code == 200
    refused = sign_up(researcher, "q=three", email="c@example.org")
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 3600
    assert len(mail.outbox) == 2

    settings.ALERT_SIGNUPS_PER_HOUR = 0
    settings.ALERT_MAILS_PER_ADDRESS_PER_DAY = 3
    for number in range(3, 6):  # from many clients, to one stranger's address
        client = Client(REMOTE_ADDR=f"10.0.0.{number}")
        assert sign_up(client, f"q=word{number}", email="victim@example.org").status_code == 200
    flooding = sign_up(Client(REMOTE_ADDR="10.0.0.9"), "q=more", email="victim@example.org")
    assert flooding.status_code == 429 and "Too many mails" in flooding.content.decode()
    assert sum(message.to == ["victim@example.org"] for message in mail.outbox) == 3


def test_an_address_is_deleted_with_all_its_alerts_on_request(researcher):
    confirmed(researcher, "q=kosovo")
    confirmed(researcher, "q=serbia", frequency="weekly")
    confirmed(researcher, "q=kosovo", email="other@example.org")
    assert 'action="/alerts/forget/"' in researcher.get("/alerts/forget/").content.decode()

    asked = researcher.post("/alerts/forget/", {"email": "READER@example.org"})
    assert asked.status_code == 200 and "Check your mail" in asked.content.decode()
    request = mail.outbox[-1]
    assert request.to == ["reader@example.org"] and "2 alerts" in request.body
    forget_path = links_in(request)[0]
    assert one_click_path(request) == forget_path
    assert "Delete" in researcher.get(forget_path).content.decode()
    assert Alert.objects.count() == 3  # opened, not yet clicked
    done = researcher.post(forget_path)
    assert "deleted with its 2 alerts" in done.content.decode()
    assert list(Alert.objects.values_list("email", flat=True)) == ["other@example.org"]


def test_a_request_to_delete_an_unknown_address_mails_no_one(researcher):
    before = len(mail.outbox)
    asked = researcher.post("/alerts/forget/", {"email": "stranger@example.org"})
    assert asked.status_code == 200 and "Check your mail" in asked.content.decode()
    assert len(mail.outbox) == before
    assert researcher.post("/alerts/forget/", {"email": "nonsense"}).status_code == 400
