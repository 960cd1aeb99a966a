"""Translation pairs: the same statement published in two languages.

A ministry publishes a statement on its Russian channel and, hours later, on its English
one. Nothing in the words says so (they are in different languages), so the finder looks
at what survives translation: the day, the people (already matched across scripts and
inflections by their aliases when the statements were linked), the numbers (resolutions,
dates, counts), the kind, and a plausible length. `score` weighs them and says why;
`find_translation_pairs` links the confident pairs and leaves the uncertain ones to an
editor, who confirms or rejects them in the admin. A rejected pair is never suggested
again, and an editor's decision is never undone by the finder.
"""

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from statements.curation.near_duplicates import READ_CHUNK
from statements.dates import day_bounds
from statements.models import Statement, TranslationPair

# From this score a pair is linked without an editor; from SUGGEST_FROM it waits for one.
LINK_FROM = 0.75
SUGGEST_FROM = 0.5
# A translation is published the same day or the next.
MAX_DAYS_APART = 1
WEIGHTS = {"participants": 0.35, "numbers": 0.30, "kind": 0.15, "length": 0.10, "day": 0.10}
# Longer text over shorter: Russian runs up to about a third longer than English.
PLAUSIBLE_LENGTH_RATIO = 1.6
IMPLAUSIBLE_LENGTH_RATIO = 2.6
UNSPECIFIC_KINDS = {"message", "other"}

MONTHS = {
    **dict.fromkeys(("january", "jan", "январ"), 1),
    **dict.fromkeys(("february", "feb", "феврал"), 2),
    **dict.fromkeys(("march", "mar", "март"), 3),
    **dict.fromkeys(("april", "apr", "апрел"), 4),
    **dict.fromkeys(("may", "ма"), 5),
    **dict.fromkeys(("june", "jun", "июн"), 6),
    **dict.fromkeys(("july", "jul", "июл"), 7),
    **dict.fromkeys(("august", "aug", "август"), 8),
    **dict.fromkeys(("september", "sep", "sept", "сентябр"), 9),
    **dict.fromkeys(("october", "oct", "октябр"), 10),
    **dict.fromkeys(("november", "nov", "ноябр"), 11),
    **dict.fromkeys(("december", "dec", "декабр"), 12),
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе"
    r"|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\b", re.IGNORECASE)
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})\b", re.IGNORECASE)
# 1,000 / 1 000 / 1.000: one number however the language groups its thousands.
THOUSANDS = re.compile(r"(?<=\d)[,.\s\u00a0\u202f](?=\d{3}\b)")
NUMBER = re.compile(r"\d+")


def month_number(name: str) -> int:
    folded = name.lower()
    for stem in sorted(MONTHS, key=len, reverse=True):
        if folded.startswith(stem):
            return MONTHS[stem]
    raise ValueError(name)


def numbers_in(text: str) -> set[str]:
    """The numbers a translation keeps: figures (resolutions, counts, years) and dates as
    day.month ("September 23" and «23 сентября» are both 23.9)."""
    found = {f"{int(day)}.{month_number(month)}" for day, month in DAY_MONTH.findall(text)}
    found |= {f"{int(day)}.{month_number(month)}" for month, day in MONTH_DAY.findall(text)}
    found |= {number.lstrip("0") or "0" for number in NUMBER.findall(THOUSANDS.sub("", text))}
    return found


@dataclass(frozen=True)
class Version:
    """What the scorer knows of a statement."""

    pk: int
    language: str
    day: date
    kind: str
    participants: frozenset[int]
    numbers: frozenset[str]
    length: int


@dataclass
class Score:
    value: float
    reasons: list[str] = field(default_factory=list)


def share(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def score(a: Version, b: Version) -> Score:
    """How likely two statements in different languages are versions of one another, and
    why. Statements in the same language, or more than a day apart, score 0."""
    if a.language == b.language:
        return Score(0.0, ["same language"])
    days_apart = abs((a.day - b.day).days)
    if days_apart > MAX_DAYS_APART:
        return Score(0.0, [f"{days_apart} days apart"])
    parts: dict[str, float] = {}
    reasons = ["same day" if days_apart == 0 else "the next day"]
    parts["day"] = 1.0 if days_apart == 0 else 0.6

    if a.participants or b.participants:
        parts["participants"] = share(a.participants, b.participants)
        shared = len(a.participants & b.participants)
        reasons.append(f"participants: {shared} of {len(a.participants | b.participants)} shared")
    else:
        parts["participants"] = 0.5
        reasons.append("no participants named")

    if a.numbers or b.numbers:
        parts["numbers"] = share(a.numbers, b.numbers)
        shared_numbers = sorted(a.numbers & b.numbers, key=lambda n: (len(n), n))
        reasons.append(
            f"numbers: {len(shared_numbers)} of {len(a.numbers | b.numbers)} shared"
            + (f" ({', '.join(shared_numbers[:8])})" if shared_numbers else "")
        )
    else:
        parts["numbers"] = 0.5
        reasons.append("no numbers in either")

    if a.kind == b.kind and a.kind not in UNSPECIFIC_KINDS:
        parts["kind"] = 1.0
        reasons.append(f"same kind ({a.kind})")
    elif a.kind in UNSPECIFIC_KINDS or b.kind in UNSPECIFIC_KINDS:
        parts["kind"] = 0.5
        reasons.append("kind not known for both")
    else:
        parts["kind"] = 0.0
        reasons.append(f"different kinds ({a.kind}, {b.kind})")

    ratio = max(a.length, b.length) / max(min(a.length, b.length), 1)
    span = IMPLAUSIBLE_LENGTH_RATIO - PLAUSIBLE_LENGTH_RATIO
    parts["length"] = min(max((IMPLAUSIBLE_LENGTH_RATIO - ratio) / span, 0.0), 1.0)
    reasons.append(f"length ratio {ratio:.2f}")

    value = sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)
    return Score(round(value, 4), reasons)


# Finding -------------------------------------------------------------------------------


def versions(since: date | None) -> Iterator[Version]:
    """The archive's own statements (not copies of others), oldest first."""
    statements = Statement.objects.filter(duplicate_of__isnull=True, published_at__isnull=False)
    if since:
        start, _ = day_bounds(since - timedelta(days=MAX_DAYS_APART), None)
        statements = statements.filter(published_at__gte=start)
    rows = (
        statements.annotate(
            participant_ids=ArrayAgg("participants__id", filter=Q(participants__isnull=False))
        )
        .order_by("published_at", "id")
        .values_list("id", "language", "published_at", "kind", "title", "text", "participant_ids")
    )
    for pk, language, published_at, kind, title, text, participant_ids in rows.iterator(
        chunk_size=READ_CHUNK
    ):
        yield Version(
            pk=pk,
            language=language,
            day=published_at.astimezone(UTC).date(),
            kind=kind,
            participants=frozenset(participant_ids or ()),
            numbers=frozenset(numbers_in(f"{title}\n{text}")),
            length=len(text) or len(title),
        )


def candidates(found: Iterable[Version]) -> Iterator[tuple[Version, Version, Score]]:
    """Each pair of statements in different languages at most a day apart, scored."""
    window: deque[Version] = deque()
    for version in found:
        while window and (version.day - window[0].day).days > MAX_DAYS_APART:
            window.popleft()
        for earlier in window:
            if earlier.language != version.language:
                yield earlier, version, score(earlier, version)
        window.append(version)


@dataclass
class Partners:
    """Which statements already have a version in which language: one each."""

    taken: set[tuple[int, str]] = field(default_factory=set)

    def free(self, a: Version, b: Version) -> bool:
        return (a.pk, b.language) not in self.taken and (b.pk, a.language) not in self.taken

    def take(self, a: Version, b: Version) -> None:
        self.taken |= {(a.pk, b.language), (b.pk, a.language)}


def known_pairs() -> tuple[set[tuple[int, int]], Partners]:
    """Every pair stored (never suggested twice), and the partners the stored links and
    pending suggestions already give."""
    stored = set()
    partners = Partners()
    rows = TranslationPair.objects.values_list(
        "first_id", "second_id", "status", "first__language", "second__language"
    )
    for first, second, status, first_language, second_language in rows.iterator():
        stored.add((first, second))
        if status != TranslationPair.Status.REJECTED:
            partners.taken |= {(first, second_language), (second, first_language)}
    return stored, partners


def find_translation_pairs(since: date | None = None) -> dict[str, int]:
    """Score statements against their neighbours in other languages; link the confident
    pairs, store the uncertain ones for an editor. Returns counts. With `since`, only
    statements published from that day on (and the day before) are looked at."""
    stored, partners = known_pairs()
    counts = {"statements": 0, "linked": 0, "suggested": 0, "known": 0}

    def counted(found: Iterable[Version]) -> Iterator[Version]:
        for version in found:
            counts["statements"] += 1
            yield version

    scored = [
        (found_score, a, b)
        for a, b, found_score in candidates(counted(versions(since)))
        if found_score.value >= SUGGEST_FROM
    ]
    # The best pairs first: each statement keeps its most likely version in each language.
    scored.sort(key=lambda item: (-item[0].value, item[1].pk, item[2].pk))
    new_pairs = []
    for found_score, a, b in scored:
        key = (min(a.pk, b.pk), max(a.pk, b.pk))
        if key in stored:
            counts["known"] += 1
            continue
        if not partners.free(a, b):
            continue
        partners.take(a, b)
        linked = found_score.value >= LINK_FROM
        new_pairs.append(
            TranslationPair(
                first_id=key[0],
                second_id=key[1],
                score=found_score.value,
                reasons=found_score.reasons,
                status=TranslationPair.Status.LINKED if linked else TranslationPair.Status.PENDING,
            )
        )
        counts["linked" if linked else "suggested"] += 1
    with transaction.atomic():
        TranslationPair.objects.bulk_create(new_pairs, batch_size=500, ignore_conflicts=True)
    return counts


# Deciding ------------------------------------------------------------------------------


def decide(pair: TranslationPair, user: AbstractBaseUser | None, *, confirmed: bool) -> None:
    """An editor's word on a pair: versions of one another (confirmed) or not (rejected,
    and never suggested again)."""
    with transaction.atomic():
        list(TranslationPair.objects.select_for_update().filter(pk=pair.pk).values_list("pk"))
        pair.status = (
            TranslationPair.Status.CONFIRMED if confirmed else TranslationPair.Status.REJECTED
        )
        pair.decided_by = user
        pair.decided_at = timezone.now()
        pair.save(update_fields=["status", "decided_by", "decided_at"])


def versions_of(statement: Statement) -> list[tuple[TranslationPair, Statement]]:
    """The statement's linked versions in other languages, with their pairs."""
    pairs = list(
        TranslationPair.objects.filter(
            Q(first=statement) | Q(second=statement), status__in=TranslationPair.LINKS
        ).order_by("id")
    )
    others = Statement.objects.in_bulk([pair.other(statement.pk) for pair in pairs])
    return [
        (pair, others[pair.other(statement.pk)])
        for pair in pairs
        if pair.other(statement.pk) in others
    ]
