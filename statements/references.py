"""What a citation says of a statement, read once from it and its copies: the original post
(its publisher, date, message id and permanent link), who spoke, and where the archive keeps
it. The styles that write it out are in statements/citations.py."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils import timezone

from statements.models import Source, Statement
from statements.text.normalize import fold, strip_emoji

# A handle of a t.me link, as opposed to a bare channel id ("channel1111111111").
TME_HANDLE = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,}")
BARE_CHANNEL_ID = re.compile(r"(?:channel|chat|user)?\d+")


@dataclass(frozen=True)
class Reference:
    """What every style cites: the original post (its publisher, date, message id and
    permanent link) and where the archive keeps it."""

    title: str
    publisher: str
    speakers: tuple[str, ...]
    published: date | None  # the original's date, None when no date is known anywhere
    message_id: int | None
    original_url: str
    platform: str  # "Telegram", or "" for a web site or other source
    language: str
    archive_url: str
    accessed: date
    key: str  # the BibTeX and CSL-JSON id

    @property
    def authors(self) -> tuple[str, ...]:
        """Who is cited as author: the speakers the statement names, else its publisher."""
        return self.speakers or (self.publisher,)

    @property
    def publisher_is_author(self) -> bool:
        return not self.speakers


def reference_for(
    statement: Statement, archive_url: str, copies: Iterable[Statement] = ()
) -> Reference:
    """The reference of a statement, given its permanent address in the archive and the other
    copies of the same post (earliest first): the earliest copy, or the channel a forward
    names, is the original."""
    original = earliest(statement, copies)
    known_dates = [forward_date(statement), *dates_of(original), *dates_of(statement)]
    known_dates += [day for copy in copies for day in dates_of(copy)]
    message_id, link = original_post(original)
    return Reference(
        title=statement.display_title.strip(),
        publisher=publisher_of(original),
        speakers=speakers_of(statement),
        published=next((day for day in known_dates if day), None),
        message_id=message_id,
        original_url=link,
        platform="Telegram" if original.source.platform == Source.Platform.TELEGRAM else "",
        language=statement.language,
        archive_url=archive_url,
        accessed=timezone.now().date(),
        key=f"statement{statement.pk}",
    )


def speakers_of(statement: Statement) -> tuple[str, ...]:
    """The people the statement's title names (who spoke, met or called), in the title's
    order: its participants only mentioned in the text (a president a minister quotes) are
    not its authors."""
    title = fold(statement.display_title)
    named = []
    for participant in statement.participants.all():
        places = [title.find(fold(spelling)) for spelling in participant.spellings if spelling]
        places = [place for place in places if place >= 0]
        if places:
            named.append((min(places), participant.name))
    return tuple(name for _, name in sorted(named))


def earliest(statement: Statement, copies: Iterable[Statement]) -> Statement:
    """The statement itself unless a copy was published before it (or it has no date)."""
    for copy in copies:
        if copy.published_at and (
            not statement.published_at or copy.published_at < statement.published_at
        ):
            return copy
    return statement


def publisher_of(statement: Statement) -> str:
    """The channel or site as it names itself: the original's name for a forward, else the
    source's name."""
    return strip_emoji(statement.forwarded_from) or statement.source.name


def forward_date(statement: Statement) -> date | None:
    """When the original of a forward was posted, where the export says (HTML exports do)."""
    if not statement.forwarded_from:
        return None
    # Read alone: pages defer the raw record, kilobytes a row.
    said = (
        Statement.objects.filter(pk=statement.pk)
        .values_list("raw__forwarded_date", flat=True)
        .first()
    )
    try:
        moment = datetime.fromisoformat(said)
    except (TypeError, ValueError):
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def dates_of(statement: Statement) -> list[date | None]:
    published = statement.published_at and statement.published_at.astimezone(UTC).date()
    return [published, statement.event_date]


def original_post(statement: Statement) -> tuple[int | None, str]:
    """The message id and permanent link of the post a statement copies: the forwarded
    channel's post where a forward names it, else the statement's own."""
    handle = statement.forwarded_from_id
    if (
        statement.forwarded_message_id
        and TME_HANDLE.fullmatch(handle or "")
        and not BARE_CHANNEL_ID.fullmatch(handle)
    ):
        number = statement.forwarded_message_id
        return number, f"https://t.me/{handle}/{number}"
    if statement.forwarded_from and statement.forwarded_message_id:
        return statement.forwarded_message_id, ""
    return statement.source_message_id, statement.original_url
