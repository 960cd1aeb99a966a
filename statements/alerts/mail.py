"""The alerts' messages: each names what it is about and carries a link to stop it, in
its text and in the List-Unsubscribe headers (RFC 8058: mail programs offer one click)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.text import Truncator

from statements.alerts.links import CONFIRM, CONFIRM_DAYS, FORGET, FORGET_DAYS, UNSUBSCRIBE
from statements.models import Alert

DAY = 24 * 3600
MAX_SUBJECT = 150


class TooManyMails(Exception):
    """The address was mailed as often as a day allows (so no one can flood a stranger's
    inbox with confirmation requests, from however many client addresses)."""


def message(to: str, subject: str, template: str, context: dict, stop_url: str) -> EmailMessage:
    body = render_to_string(template, {**context, "stop_url": stop_url})
    subject = Truncator(" ".join(subject.split())).chars(MAX_SUBJECT)  # a header: one line
    headers = {
        "List-Unsubscribe": f"<{stop_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return EmailMessage(subject, body, to=[to], headers=headers)


def count_mail_to(address: str) -> None:
    """Count a mail someone asked for to this address; TooManyMails past the day's limit.
    The cache keeps a digest of the address, not the address."""
    limit = settings.ALERT_MAILS_PER_ADDRESS_PER_DAY
    if not limit:
        return
    key = "alert-mails:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, DAY)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        sent = 1
    if sent > limit:
        raise TooManyMails


def send_confirmation(alert: Alert, frequency: str, description: str) -> None:
    count_mail_to(alert.email)
    context = {
        "description": description,
        "frequency": Alert.Frequency(frequency).label.lower(),
        "confirm_url": CONFIRM.url({"alert": alert.pk, "frequency": frequency}),
        "days": CONFIRM_DAYS,
    }
    message(
        alert.email,
        f"Confirm your alert: {description}",
        "statements/alerts/mail/confirm.txt",
        context,
        UNSUBSCRIBE.url(alert.pk),
    ).send()


def send_forget_link(address: str, alerts: int) -> None:
    count_mail_to(address)
    forget_url = FORGET.url(address)
    context = {"alerts": alerts, "forget_url": forget_url, "days": FORGET_DAYS}
    message(
        address,
        "Delete your address from Statement Archive",
        "statements/alerts/mail/forget.txt",
        context,
        forget_url,
    ).send()


def send_digest(alert: Alert, context: dict) -> None:
    count = context["count"]
    subject = f"{count} new statement{'s' if count != 1 else ''}: {context['description']}"
    message(
        alert.email,
        subject,
        "statements/alerts/mail/digest.txt",
        context,
        UNSUBSCRIBE.url(alert.pk),
    ).send()
