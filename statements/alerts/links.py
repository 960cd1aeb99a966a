"""The signed links mailed for alerts (django.core.signing): what each one authorises,
and for how long. Each kind has its own salt, so no link serves for another."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_DAYS = 7
FORGET_DAYS = 2
DAY = 24 * 3600


class BadLink(Exception):
    """A link that was altered, has expired or leads to nothing any more."""


@dataclass(frozen=True)
class LinkKind:
    salt: str
    url_name: str
    max_age: int | None  # seconds; None: the link keeps working (unsubscribing)

    def token(self, value: object) -> str:
        return signing.dumps(value, salt=self.salt, compress=True)

    def read(self, token: str) -> object:
        try:
            return signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.BadSignature:  # SignatureExpired is one
            raise BadLink from None

    def url(self, value: object) -> str:
        """The link's absolute address, as a mail carries it."""
        return settings.SITE_URL + reverse(self.url_name, args=[self.token(value)])


CONFIRM = LinkKind("statements.alerts.confirm", "alert-confirm", CONFIRM_DAYS * DAY)
UNSUBSCRIBE = LinkKind("statements.alerts.unsubscribe", "alert-unsubscribe", None)
FORGET = LinkKind("statements.alerts.forget", "alert-forget-confirm", FORGET_DAYS * DAY)
