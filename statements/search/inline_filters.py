"""Filters written in the search box (person:, took-part:, tag:, kind:, lang:, source:,
date:, has:): one resolver per filter name, registered in RESOLVERS.

A value that names nothing in the archive (person:nobody) gives no results and a note; a
malformed one (date:soon) is left out with a note. Never an error.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q

from statements.dates import parse_date_range
from statements.models import Hashtag, Participant, Source
from statements.querysets import StatementQuerySet
from statements.search.query import InlineFilter
from statements.text.normalize import fold
from statements.text.roles import PARTICIPANT
from statements.vocabulary import HAS, LANGUAGES, Kind

# Names listed in the note of an ambiguous value; each has its chip all the same.
NAMED_IN_NOTE = 5


@dataclass(frozen=True)
class Choice:
    """One of the things an ambiguous value names, and the filter that names only it."""

    label: str
    token: str


@dataclass(frozen=True)
class Resolved:
    """What one filter did: the narrowed statements (None: left out), its chip's label,
    a note for the reader ("" for none), and, for an ambiguous value, the choices."""

    statements: StatementQuerySet | None
    label: str = ""
    note: str = ""
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class AppliedFilter:
    """A filter of the search box in force, for its chip, with the narrower choices an
    ambiguous value offers."""

    label: str
    filter: InlineFilter
    choices: tuple[Choice, ...] = ()


Resolver = Callable[[StatementQuerySet, str], Resolved]
# A resolver of a filter that may be negated (-has:text) takes whether it is.
NegatableResolver = Callable[[StatementQuerySet, str, bool], Resolved]
RESOLVERS: dict[str, Resolver] = {}


def resolves(name: str) -> Callable[[Resolver], Resolver]:
    def register(resolver: Resolver) -> Resolver:
        RESOLVERS[name] = resolver
        return resolver

    return register


def apply_inline_filters(
    statements: StatementQuerySet, filters: Iterable[InlineFilter]
) -> tuple[StatementQuerySet, list[AppliedFilter], list[str]]:
    """The statements narrowed by each filter; the filters applied; notes for the reader:
    what a value matched, or why it was left out."""
    applied, notes = [], []
    for inline in filters:
        if inline.name in NEGATABLE:
            resolved = NEGATABLE[inline.name](statements, inline.value, inline.negated)
        else:
            resolved = RESOLVERS[inline.name](statements, inline.value)
        if resolved.note:
            notes.append(resolved.note)
        if resolved.statements is not None:
            statements = resolved.statements
            applied.append(AppliedFilter(resolved.label, inline, resolved.choices))
    return statements, applied, notes


NEGATABLE: dict[str, NegatableResolver] = {}


def has_filter(statements: StatementQuerySet, value: str, negated: bool) -> Resolved:
    """has:text, has:photo, has:edits…; -has:text: a media-only post."""
    what = value.lower()
    if what not in HAS:
        known = ", ".join(HAS)
        return Resolved(None, note=f"“has:{value}” left out: a statement may have {known}.")
    label = ("Without: " if negated else "Has: ") + HAS[what].lower()
    return Resolved(statements.having(what, holds=not negated), label)


NEGATABLE["has"] = has_filter


def exactly_named(candidates: list, value: str, names: Callable[[object], Iterable[str]]) -> list:
    """The candidates one of whose names is the value (case and diacritics aside): an exact
    name or alias beats a part of one."""
    wanted = fold(value)
    return [c for c in candidates if any(fold(name) == wanted for name in names(c))]


def several(value: str, found: list, kind: str, prefix: str) -> tuple[str, tuple[Choice, ...]]:
    """The note and the choices when a value names more than one thing: all are searched,
    and the reader is told which, with a chip for each."""
    choices = tuple(Choice(item.name, f"{prefix}:{item.slug}") for item in found)
    shown = ", ".join(item.name for item in found[:NAMED_IN_NOTE])
    more = f" and {len(found) - NAMED_IN_NOTE} more" if len(found) > NAMED_IN_NOTE else ""
    note = f"“{value}” matches {len(found)} {kind}: {shown}{more}. All are searched; choose one:"
    return note, choices


@resolves("participant")
def participant(statements: StatementQuerySet, value: str) -> Resolved:
    """person:x: the statements naming the person, whether they took part or not."""
    return people_filter(statements, value, "person", "Person")


@resolves("took_part")
def took_part(statements: StatementQuerySet, value: str) -> Resolved:
    """took-part:x: only the statements the person took part in (met, called, spoke)."""
    return people_filter(statements, value, "took-part", "Took part", role=PARTICIPANT)


def people_filter(
    statements: StatementQuerySet, value: str, prefix: str, title: str, **link: str
) -> Resolved:
    """The statements linked to the people a value names: a slug, else an exact name or
    alias, else every name holding it (said, with a chip for each)."""
    by_slug = Participant.objects.by_slug(value.lower())
    people = [by_slug] if by_slug else []
    if not people:
        candidates = list(Participant.objects.spelled_like(value).order_by("name"))
        people = exactly_named(candidates, value, lambda p: [p.name, *p.aliases]) or candidates
    if not people:
        return Resolved(
            statements.filter(pk__in=[]), f"{title}: {value}", f"No participant matches “{value}”."
        )
    note, choices = several(value, people, "people", prefix) if len(people) > 1 else ("", ())
    label = f"{title}: " + (people[0].name if len(people) == 1 else f"any of {len(people)}")
    return Resolved(statements.linked_to_any("participant", people, **link), label, note, choices)


@resolves("hashtag")
def hashtag(statements: StatementQuerySet, value: str) -> Resolved:
    tag = value if value.startswith("#") else f"#{value}"
    slug = value.lower().lstrip("#")
    hashtags = list(Hashtag.objects.filter(Q(name__iexact=tag) | Q(slug=slug)))
    if not hashtags:  # a former slug (the tag renamed or merged) names what it became
        hashtags = [found] if (found := Hashtag.objects.by_former_slug(slug)) else []
    if not hashtags:
        return Resolved(
            statements.filter(pk__in=[]), f"Tag: {tag}", f"No hashtag {tag} in the archive."
        )
    return Resolved(statements.linked_to_any("hashtag", hashtags), f"Tag: {hashtags[0].name}")


@resolves("kind")
def kind(statements: StatementQuerySet, value: str) -> Resolved:
    wanted = value.lower().replace(" ", "_").replace("-", "_")
    kinds = [
        k
        for k, label in Kind.choices
        if k == wanted or k.startswith(wanted) or label.lower().startswith(value.lower())
    ]
    if not kinds:
        known = ", ".join(k for k, _ in Kind.choices)
        return Resolved(None, note=f"“kind:{value}” left out: kinds are {known}.")
    labels = dict(Kind.choices)
    label = "Kind: " + " or ".join(labels[k] for k in kinds)
    return Resolved(statements.filter(kind__in=kinds), label)


@resolves("language")
def language(statements: StatementQuerySet, value: str) -> Resolved:
    code = value.lower()
    codes = [c for c, name in LANGUAGES.items() if c == code or name.lower().startswith(code)]
    if not codes:
        return Resolved(None, note=f"“lang:{value}” left out: use a code such as en, ru or sr.")
    label = "Language: " + ", ".join(LANGUAGES[c] for c in codes)
    return Resolved(statements.filter(language__in=codes), label)


@resolves("source")
def source(statements: StatementQuerySet, value: str) -> Resolved:
    handle = value.lstrip("@")
    candidates = list(
        Source.objects.filter(
            Q(slug=value.lower()) | Q(handle__iexact=handle) | Q(name__unaccent__icontains=value)
        ).order_by("name")
    )
    sources = (
        [s for s in candidates if s.slug == value.lower()]
        or [s for s in candidates if s.handle and s.handle.lower() == handle.lower()]
        or exactly_named(candidates, value, lambda s: [s.name])
        or candidates
    )
    if not sources:
        return Resolved(
            statements.filter(pk__in=[]), f"Source: {value}", f"No source matches “{value}”."
        )
    note, choices = several(value, sources, "sources", "source") if len(sources) > 1 else ("", ())
    label = "Source: " + (sources[0].name if len(sources) == 1 else f"any of {len(sources)}")
    return Resolved(statements.filter(source__in=sources), label, note, choices)


@resolves("date")
def date(statements: StatementQuerySet, value: str) -> Resolved:
    span = parse_date_range(value)
    if span is None:
        note = (
            f"“date:{value}” left out: write date:2024, date:2024-03, "
            "date:2024-03..2024-08 or date:..2024-06."
        )
        return Resolved(None, note=note)
    return Resolved(statements.dated_between(*span), f"Date: {value}")
