"""Alerts: a search, a person or a hashtag followed by e-mail, with no account.

The address is personal data, kept for this alone: an alert holds it until it is
unsubscribed or its owner asks for it to be deleted (statements/alerts/).
"""

from django.db import models


class Alert(models.Model):
    """One address following one search (its query string: `q=kosovo`,
    `participant=sergey-lavrov`), once confirmed from a link mailed to it."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    email = models.EmailField(help_text="Stored lower-cased, for this alert only")
    search = models.TextField(help_text="The search's parameters, as a query string")
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Statements the archive gained up to this moment were in a digest (or came before the
    # alert was confirmed): the next digest holds those gained after it.
    covered_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "search"], name="one_alert_per_search")
        ]

    def __str__(self):
        return f"Alert {self.pk} ({self.frequency})"
