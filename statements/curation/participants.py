"""Loading participants and linking them to the statements that name them."""

import re
from collections.abc import Collection, Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery
from django.db import transaction
from django.utils import timezone

from statements.curation import revisions
from statements.curation.slugs import slug_given_up
from statements.models import (
    FormerSlug,
    Participant,
    ParticipantMerge,
    Role,
    Statement,
    StatementParticipant,
)
from statements.search.totals import changes_the_archive
from statements.text.names import ParticipantMatcher, spelling_variants
from statements.text.roles import who_took_part
from statements.vocabulary import NAMES_CONFIG


class InvalidParticipants(ValueError):
    pass


def validate_entries(entries: object) -> list[dict]:
    """The entries of a participants file, checked and trimmed; InvalidParticipants names
    the first bad one."""
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


@changes_the_archive
def upsert_participants(entries: object) -> dict[str, int]:
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
            note = f"linked to {participant.name} (participants file)"
            counts["linked"] += link_everywhere(participant, new_spellings, note=note)
    return counts


def candidate_query(spellings: Iterable[str]) -> SearchQuery | None:
    """A full-text query that every statement naming one of the spellings matches.

    Each word of a spelling becomes an unstemmed prefix, so inflected and
    stemmed forms are among the candidates; the exact check is done in Python.
    """
    query = None
    variants = {variant for spelling in spellings for variant in spelling_variants(spelling)}
    for variant in sorted(variants):
        words = ["".join(ch for ch in w if ch.isalnum()) for w in re.split(r"\W+", variant)]
        words = [w[: max(3, len(w) - 2)] for w in words if len(w) > 2]
        if not words:
            continue
        raw = " & ".join(f"{word}:*" for word in words)
        part = SearchQuery(raw, search_type="raw", config=NAMES_CONFIG)
        query = part if query is None else query | part
    return query


@changes_the_archive
def link_everywhere(
    participant: Participant,
    spellings: Iterable[str] | None = None,
    user: AbstractBaseUser | None = None,
    note: str = "",
) -> int:
    """Link the participant to every archived statement that names it, but never again to
    one an editor took it off; each statement linked gets a revision. Returns how many."""
    query = candidate_query(spellings or participant.spellings)
    if query is None:
        return 0
    matcher = ParticipantMatcher([participant])
    candidates = Statement.objects.filter(search_vector=query).exclude(participants=participant)
    naming, took_part = [], set()
    for pk, title, text in candidates.values_list("pk", "title", "text").iterator():
        if matcher.find(title, text):
            naming.append(pk)
            if who_took_part(matcher, title, text):
                took_part.add(pk)
    return link_participant(
        participant, naming, user, note or f"linked to {participant.name}: named in it", took_part
    )


def link_participant(
    participant: Participant,
    statement_ids: list[int],
    user: AbstractBaseUser | None,
    note: str,
    took_part: Collection[int] = frozenset(),
) -> int:
    """Link the participant to these statements (as taking part in those of `took_part`,
    else as mentioned), except those an editor took it off, with a revision for each
    statement linked. Returns how many were linked."""
    refused = revisions.unlinked_by_editors("participants", participant.pk, statement_ids)
    wanted = [pk for pk in statement_ids if pk not in refused]
    links = StatementParticipant
    with revisions.changes_recorded(wanted, user, note) as linked:
        links.objects.bulk_create(
            [
                links(
                    statement_id=pk,
                    participant=participant,
                    role=Role.PARTICIPANT if pk in took_part else Role.MENTIONED,
                )
                for pk in wanted
            ],
            ignore_conflicts=True,
        )
    Statement.objects.filter(pk__in=[r.statement_id for r in linked]).refresh_names_text()
    return len(linked)


def participant_changed(
    participant: Participant, user: AbstractBaseUser | None = None, note: str = ""
) -> int:
    """After an editor changes a name or aliases: refresh what search reads, link new mentions
    (never where an editor took the participant off)."""
    participant.statements.all().refresh_names_text()
    note = note or f"linked to {participant.name} after an edit of their name or aliases"
    return link_everywhere(participant, user=user, note=note)


class MergeRefused(ValueError):
    pass


@changes_the_archive
def merge_participants(
    survivor: Participant, merged: Participant, user: AbstractBaseUser | None = None
) -> ParticipantMerge:
    """Fold `merged` into `survivor`: its links and spellings move over, its page redirects
    to the survivor's, and the merge is recorded so that it can be undone."""
    if survivor.pk == merged.pk:
        raise MergeRefused("a participant cannot be merged into itself")
    with transaction.atomic():
        statement_ids = sorted(merged.statements.values_list("pk", flat=True))
        already = set(survivor.statements.values_list("pk", flat=True))
        newly_linked = [pk for pk in statement_ids if pk not in already]
        aliases_added = [s for s in merged.spellings if s not in survivor.spellings]
        record = {
            "id": merged.pk,
            "name": merged.name,
            "slug": merged.slug,
            "aliases": merged.aliases,
            "role": merged.role,
            "country": merged.country,
            "created_at": merged.created_at.isoformat(),
        }
        links = StatementParticipant
        note = f"participant {record['name']} merged into {survivor.name}"
        moving = links.objects.filter(participant=merged, statement_id__in=newly_linked)
        with revisions.changes_recorded(statement_ids, user, note):
            links.objects.bulk_create(
                [
                    links(
                        statement_id=link.statement_id,
                        participant=survivor,
                        role=link.role,
                        role_set_by_editor=link.role_set_by_editor,
                    )
                    for link in moving
                ],
                ignore_conflicts=True,
            )
            # Earlier merges into the merged one now lead to the survivor.
            ParticipantMerge.objects.filter(survivor=merged).update(survivor=survivor)
            merged.delete()
        survivor.aliases = [*survivor.aliases, *aliases_added]
        survivor.save()
        merge = ParticipantMerge.objects.create(
            survivor=survivor,
            merged_name=record["name"],
            merged_slug=record["slug"],
            merged_record=record,
            statement_ids=statement_ids,
            newly_linked_ids=newly_linked,
            aliases_added=aliases_added,
            merged_by=user,
        )
        slug_given_up(record["slug"], survivor, FormerSlug.Reason.MERGED, user)
        Statement.objects.filter(pk__in=statement_ids).refresh_names_text()
    return merge


@changes_the_archive
def undo_merge(merge: ParticipantMerge, user: AbstractBaseUser | None = None) -> Participant:
    """Bring the merged participant back as it was (same id and page), with its links and
    spellings, and take from the survivor what the merge gave it; each statement it
    changes gets a revision naming the editor who undid it."""
    if merge.undone_at is not None:
        raise MergeRefused(f"the merge of {merge.merged_name} was already undone")
    record = merge.merged_record
    if Participant.objects.filter(name=record["name"]).exists():
        raise MergeRefused(f"a participant named {record['name']} exists again; rename it first")
    with transaction.atomic():
        survivor = merge.survivor
        restored = Participant(
            pk=record["id"],
            name=record["name"],
            aliases=record["aliases"],
            role=record["role"],
            country=record["country"],
        )
        if not Participant.objects.filter(slug=record["slug"]).exists():
            restored.slug = record["slug"]
        restored.save()
        links = StatementParticipant
        existing = set(
            Statement.objects.filter(pk__in=merge.statement_ids).values_list("pk", flat=True)
        )
        note = f"merge of {record['name']} into {survivor.name} undone"
        with revisions.changes_recorded(existing, user, note):
            links.objects.bulk_create(
                [links(statement_id=pk, participant=restored) for pk in sorted(existing)],
                ignore_conflicts=True,
            )
            links.objects.filter(
                participant=survivor, statement_id__in=merge.newly_linked_ids
            ).delete()
        survivor.aliases = [a for a in survivor.aliases if a not in merge.aliases_added]
        survivor.save()
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        Statement.objects.filter(pk__in=merge.statement_ids).refresh_names_text()
    return restored


class DeletionRefused(ValueError):
    pass


def deletion_refused(participant: Participant) -> str:
    """Why the participant cannot be deleted ("" when it can): a statement links to it (an
    editor's link, gone without a revision), or merges were made into it (their records
    and undo would go with it). A mistaken participant has neither."""
    linked = participant.statements.count()
    if linked:
        return (
            f"{linked} {'statement links' if linked == 1 else 'statements link'} to it. "
            "Remove it from them first, or merge it into the participant they should name."
        )
    merges = participant.merges.count()
    if merges:
        return f"{merges} {'merge into it is' if merges == 1 else 'merges into it are'} recorded."
    return ""


@changes_the_archive
def delete_participant(participant: Participant) -> None:
    """Delete a participant no statement links to and no merge went into."""
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        if reason := deletion_refused(participant):
            raise DeletionRefused(reason)
        participant.delete()
