"""Loading participants and linking them to the statements that name them."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import transaction

from statements import enrich
from statements.models import Participant, Statement
from statements.search import NAMES_CONFIG


class InvalidParticipants(ValueError):
    pass


def validate_entries(entries) -> list[dict]:
    if not isinstance(entries, list):
        raise InvalidParticipants("expected a JSON list of participants")
    cleaned = []
    for index, entry in enumerate(entries):
        where = f"item {index + 1}"
        if not isinstance(entry, dict):
            raise InvalidParticipants(f"{where}: expected an object with a name")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidParticipants(f"{where}: 'name' must be a non-empty string")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise InvalidParticipants(f"{where} ({name}): 'aliases' must be a list of strings")
        for key in ("role", "country"):
            if not isinstance(entry.get(key, ""), str):
                raise InvalidParticipants(f"{where} ({name}): '{key}' must be a string")
        cleaned.append(
            {
                "name": name.strip()[:200],
                "aliases": [a.strip()[:200] for a in aliases if a.strip()],
                "role": entry.get("role", "").strip()[:300],
                "country": entry.get("country", "").strip()[:100],
            }
        )
    return cleaned


def upsert_participants(entries) -> dict:
    """Create or update participants by name; link every statement naming a new spelling.

    Aliases are only ever added, never dropped, so nothing an editor added is lost.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0, "linked": 0}
    with transaction.atomic():
        for entry in validate_entries(entries):
            participant = Participant.objects.filter(name=entry["name"]).first()
            if participant is None:
                participant = Participant.objects.create(**entry)
                counts["created"] += 1
                new_spellings = participant.spellings
            else:
                new_aliases = [a for a in entry["aliases"] if a not in participant.spellings]
                changed = bool(new_aliases)
                for key in ("role", "country"):
                    if entry[key] and getattr(participant, key) != entry[key]:
                        setattr(participant, key, entry[key])
                        changed = True
                if not changed:
                    counts["unchanged"] += 1
                    continue
                participant.aliases = [*participant.aliases, *new_aliases]
                participant.save()
                counts["updated"] += 1
                new_spellings = new_aliases
            counts["linked"] += link_everywhere(participant, new_spellings)
    return counts


def candidate_query(spellings) -> SearchQuery | None:
    """A full-text query that every statement naming one of the spellings matches.

    Each word of a spelling becomes an unstemmed prefix, so inflected and
    stemmed forms are among the candidates; the exact check is done in Python.
    """
    query = None
    variants = {variant for spelling in spellings for variant in enrich.spelling_variants(spelling)}
    for variant in sorted(variants):
        words = ["".join(ch for ch in w if ch.isalnum()) for w in re.split(r"\W+", variant)]
        words = [w[: max(3, len(w) - 2)] for w in words if len(w) > 2]
        if not words:
            continue
        raw = " & ".join(f"{word}:*" for word in words)
        part = SearchQuery(raw, search_type="raw", config=NAMES_CONFIG)
        query = part if query is None else query | part
    return query


def link_everywhere(participant: Participant, spellings=None) -> int:
    """Link the participant to every archived statement that names it; returns how many new."""
    query = candidate_query(spellings or participant.spellings)
    if query is None:
        return 0
    matcher = enrich.ParticipantMatcher([participant])
    candidates = Statement.objects.filter(search_vector=query).exclude(participants=participant)
    naming = [
        pk
        for pk, title, text in candidates.values_list("pk", "title", "text").iterator()
        if matcher.find(title, text)
    ]
    links = Statement.participants.through
    links.objects.bulk_create(
        [links(statement_id=pk, participant=participant) for pk in naming], ignore_conflicts=True
    )
    Statement.objects.filter(pk__in=naming).refresh_links_text()
    return len(naming)


def participant_changed(participant: Participant) -> int:
    """After an editor changes a name or aliases: refresh what search reads, link new mentions."""
    participant.statements.all().refresh_links_text()
    return link_everywhere(participant)
