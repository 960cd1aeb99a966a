"""Filters written in the search box (person:, tag:, kind:, lang:, source:, date:): one
resolver per filter name, registered in RESOLVERS.

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
from statements.vocabulary import LANGUAGES, Kind


@dataclass(frozen=True)
class Resolved:
    """What one filter did: the narrowed statements (None: left out), its chip's label,
    and a note for the reader ("" for none)."""

    statements: StatementQuerySet | None
    label: str = ""
    note: str = ""


@dataclass(frozen=True)
class AppliedFilter:
    """A filter of the search box in force, for its chip."""

    label: str
    filter: InlineFilter


Resolver = Callable[[StatementQuerySet, str], Resolved]
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
        resolved = RESOLVERS[inline.name](statements, inline.value)
        if resolved.note:
            notes.append(resolved.note)
        if resolved.statements is not None:
            statements = resolved.statements
            applied.append(AppliedFilter(resolved.label, inline))
    return statements, applied, notes


@resolves("participant")
def participant(statements: StatementQuerySet, value: str) -> Resolved:
    people = list(
        Participant.objects.filter(slug=value.lower())
        or Participant.objects.spelled_like(value)[:10]
    )
    if not people:
        return Resolved(
            statements.filter(pk__in=[]), f"Person: {value}", f"No participant matches “{value}”."
        )
    names = ", ".join(p.name for p in people)
    note = f"“{value}” matches {len(people)} people: {names}." if len(people) > 1 else ""
    return Resolved(statements.linked_to_any("participant", people), f"Person: {names}", note)


@resolves("hashtag")
def hashtag(statements: StatementQuerySet, value: str) -> Resolved:
    tag = value if value.startswith("#") else f"#{value}"
    hashtags = list(Hashtag.objects.filter(Q(name__iexact=tag) | Q(slug=value.lower().lstrip("#"))))
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
    sources = list(
        Source.objects.filter(
            Q(slug=value.lower()) | Q(handle__iexact=value.lstrip("@")) | Q(name__icontains=value)
        )[:10]
    )
    if not sources:
        return Resolved(
            statements.filter(pk__in=[]), f"Source: {value}", f"No source matches “{value}”."
        )
    label = "Source: " + ", ".join(s.name for s in sources)
    return Resolved(statements.filter(source__in=sources), label)


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
