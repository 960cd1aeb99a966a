"""Digests: for each confirmed alert that is due, the statements its search finds that the
archive gained since the last digest, mailed once. Sent by the worker
(`manage.py import_worker`, every DIGEST_CHECK_SECONDS) or `manage.py send_digests`.

"New" is by when a statement entered the archive, not by its date at the source: a post
imported a day late, or a channel's history imported later, still reaches its followers
once; each digest covers the time from the last one's moment up to its own. A digest is
sent, and its moment recorded, in one transaction per alert, with the alert locked: two
workers never send the same digest, and a mail that fails is tried again next time.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from statements.alerts.links import CONFIRM_DAYS
from statements.alerts.mail import send_digest
from statements.alerts.searches import describe, filter_of
from statements.models import Alert, Statement

logger = logging.getLogger(__name__)

DIGEST_ITEMS = 50
PERIODS = {Alert.Frequency.DAILY: timedelta(days=1), Alert.Frequency.WEEKLY: timedelta(days=7)}
# A digest may go out this much before its period is over, so one sent at the same hour
# each day is not put off to the next day by a worker that looks a few minutes early.
EARLY = timedelta(hours=1)


@dataclass
class DigestCounts:
    sent: int = 0
    nothing_new: int = 0
    unreadable: int = 0  # the search no longer reads (a filter names what was deleted)
    failed: int = 0
    unconfirmed_forgotten: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{self.sent} digests sent, {self.nothing_new} with nothing new, "
            f"{self.unreadable} unreadable searches, {self.failed} failed, "
            f"{self.unconfirmed_forgotten} unconfirmed sign-ups forgotten"
        )


def due(now: datetime) -> Q:
    return Q(confirmed_at__isnull=False) & Q(
        *(
            Q(frequency=frequency, covered_until__lte=now - period + EARLY)
            for frequency, period in PERIODS.items()
        ),
        _connector=Q.OR,
    )


def send_due_digests(now: datetime | None = None) -> DigestCounts:
    """Send every digest that is due; forget sign-ups never confirmed in time."""
    now = now or timezone.now()
    counts = DigestCounts()
    counts.unconfirmed_forgotten, _ = Alert.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - timedelta(days=CONFIRM_DAYS)
    ).delete()
    for alert_id in Alert.objects.filter(due(now)).order_by("pk").values_list("pk", flat=True):
        try:
            outcome = send_digest_of(alert_id, now)
        except Exception:  # noqa: BLE001 - one failed mail leaves the others to be sent
            logger.exception("Digest of alert %s failed; it is tried again next time", alert_id)
            outcome = "failed"
        if outcome:
            setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts


def send_digest_of(alert_id: int, now: datetime) -> str | None:
    """Send one alert's digest if it is still due (no other worker took it); what happened:
    sent, nothing_new, unreadable, or None when it was not due any more."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update(skip_locked=True).filter(due(now), pk=alert_id)
        alert = alert.first()
        if alert is None:
            return None
        filterset = filter_of(alert.search)
        if not filterset.is_valid():
            # Kept, not dropped: the lost filter may come back (an undone merge).
            logger.warning("Alert %s: its search no longer reads: %s", alert.pk, filterset.errors)
            return "unreadable"
        gained = filterset.qs.filter(
            statement__created_at__gt=alert.covered_until, statement__created_at__lte=now
        )
        count = gained.count()
        if count:
            send_digest(alert, digest_context(alert, filterset, gained, count))
            alert.last_sent_at = now
        alert.covered_until = now
        alert.save(update_fields=["covered_until", "last_sent_at"])
        return "sent" if count else "nothing_new"


def digest_context(alert: Alert, filterset, gained, count: int) -> dict:
    ids = list(gained.sorted_by("newest").values_list("pk", flat=True)[:DIGEST_ITEMS])
    statements = Statement.objects.filter(pk__in=ids).select_related("source")
    statements = sorted(statements, key=lambda statement: ids.index(statement.pk))
    search_url = settings.SITE_URL + reverse("statement-list")
    if alert.search:
        search_url += "?" + alert.search
    return {
        "description": describe(filterset),
        "count": count,
        "more": count - len(statements),
        "frequency": alert.get_frequency_display().lower(),
        "items": [
            {
                "title": statement.display_title,
                "date": statement.sort_date,
                "source": statement.source.name,
                "url": settings.SITE_URL + statement.get_absolute_url(),
            }
            for statement in statements
        ],
        "search_url": search_url,
    }
