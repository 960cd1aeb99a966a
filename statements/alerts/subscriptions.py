"""An alert's life: signed up, confirmed, unsubscribed; an address forgotten on request.
Each step past the sign-up is authorised by a signed link mailed to the address."""

from django.db import transaction
from django.utils import timezone

from statements.alerts.links import CONFIRM, FORGET, UNSUBSCRIBE, BadLink
from statements.alerts.mail import send_confirmation, send_forget_link
from statements.alerts.searches import describe, filter_of
from statements.models import Alert


def address(email: str) -> str:
    """An address as alerts keep and compare it."""
    return email.strip().lower()


def sign_up(email: str, search: str, frequency: str) -> Alert:
    """Mail a link to confirm following a (valid, kept-form) search, at this frequency; the
    alert waits for it. Asked again, the same alert gets a new link (which, followed,
    sets the frequency asked for the last time)."""
    alert, _ = Alert.objects.get_or_create(email=address(email), search=search)
    send_confirmation(alert, frequency, describe(filter_of(search)))
    return alert


def alert_to_confirm(token: str) -> tuple[Alert, str]:
    """The alert a confirmation link is for, and the frequency it asks; BadLink if none."""
    value = CONFIRM.read(token)
    alert = Alert.objects.filter(pk=value["alert"]).first()
    if alert is None:
        raise BadLink
    return alert, value["frequency"]


def confirm(token: str) -> Alert:
    """Follow the alert from now on (a digest holds what the archive gains from now)."""
    with transaction.atomic():
        alert, frequency = alert_to_confirm(token)
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        now = timezone.now()
        alert.frequency = frequency
        alert.confirmed_at = alert.confirmed_at or now
        alert.covered_until = alert.covered_until or now
        alert.save()
    return alert


def alert_to_unsubscribe(token: str) -> Alert | None:
    """The alert an unsubscribe link is for; None when it is gone already (the link did
    its work); BadLink for an altered link."""
    return Alert.objects.filter(pk=UNSUBSCRIBE.read(token)).first()


def unsubscribe(token: str) -> None:
    """Delete the alert, address and all: nothing more is sent for it."""
    Alert.objects.filter(pk=UNSUBSCRIBE.read(token)).delete()


def request_forgetting(email: str) -> None:
    """Mail the address a link that deletes it with all its alerts, when it has any
    (an address the archive does not hold gets no mail; the page says the same either way)."""
    held = Alert.objects.filter(email=address(email)).count()
    if held:
        send_forget_link(address(email), held)


def address_to_forget(token: str) -> str:
    return FORGET.read(token)


def forget(token: str) -> int:
    """Delete every alert of the address the link was sent to; how many there were."""
    deleted, _ = Alert.objects.filter(email=address_to_forget(token)).delete()
    return deleted
