"""Linking statements to the participants their text names and the hashtags it carries,
and queueing the names it suggests that no participant has."""

from collections.abc import Callable
from typing import NamedTuple

from django.db import connection

from statements.curation.suggestions import queue_suggestions
from statements.importers.bulk import copy_rows
from statements.importers.records import ParsedRecord
from statements.models import (
    LINK_MODELS,
    Hashtag,
    Participant,
    Role,
    Statement,
    StatementParticipant,
    slug_for,
    unique_slug,
)
from statements.text.names import ParticipantMatcher, names_text
from statements.text.normalize import extract_hashtags
from statements.text.roles import who_took_part
from statements.text.suggest import suggest_names, suggestion_key


class LinkPlan(NamedTuple):
    statement: Statement
    participants: list[Participant]
    hashtags: list[Hashtag]
    took_part: frozenset[int] = frozenset()  # of the participants, those who took part

    def role_of(self, participant: Participant) -> str:
        return Role.PARTICIPANT if participant.pk in self.took_part else Role.MENTIONED


class Linker:
    """Finds and writes a file's links; hashtags are looked up once per file."""

    def __init__(self, matcher: ParticipantMatcher):
        self.matcher = matcher
        self.hashtags: dict[str, Hashtag] = {}

    def checkpoint(self) -> Callable[[], None]:
        """A function that forgets hashtags created since (their batch was rolled back)."""
        saved = dict(self.hashtags)

        def restore() -> None:
            self.hashtags = saved

        return restore

    def plans(self, pairs: list[tuple[Statement, ParsedRecord]]) -> list[LinkPlan]:
        """What to link; links an editor set by hand stay as the editor left them."""
        by_name = self.participants_named({n for _, record in pairs for n in record.participants})
        plans = []
        for statement, record in pairs:
            people, tags = self.links_for(statement, record, by_name)
            plans.append(
                LinkPlan(
                    statement,
                    [] if "participants" in statement.editor_fields else people,
                    [] if "hashtags" in statement.editor_fields else tags,
                    self.took_part(statement, record, people, by_name),
                )
            )
        return plans

    def link_archived(self, pairs: list[tuple[Statement, ParsedRecord]]) -> None:
        """Add links to statements already in the archive (only ever adds), then rebuild
        the names text their search vector reads."""
        save_links(self.plans(pairs))
        refresh_names_text([statement for statement, _ in pairs])

    def links_for(
        self, statement: Statement, record: ParsedRecord, by_name: dict[str, Participant]
    ) -> tuple[list[Participant], list[Hashtag]]:
        """The participants the text names (or the file names) and the hashtags it carries."""
        folded = getattr(record, "folded", None)
        people = {
            p.pk: p for p in self.matcher.find(statement.title, statement.text, folded=folded)
        }
        for name in record.participants:
            if name.casefold() in by_name:
                participant = by_name[name.casefold()]
                people[participant.pk] = participant
        names = extract_hashtags(f"{statement.title}\n{statement.text}")
        names += [n if n.startswith("#") else f"#{n}" for n in record.hashtags]
        tags = {tag.pk: tag for tag in map(self.hashtag, names)}
        return list(people.values()), list(tags.values())

    def took_part(
        self,
        statement: Statement,
        record: ParsedRecord,
        people: list[Participant],
        by_name: dict[str, Participant],
    ) -> frozenset[int]:
        """Of the people linked, those who took part: named so by the text's structure (the
        head of a meeting, call, remarks… post; a transcript's speakers) or by the file."""
        found = {p.pk for p in who_took_part(self.matcher, statement.title, statement.text)}
        named = {by_name[n.casefold()].pk for n in record.participants if n.casefold() in by_name}
        return frozenset({p.pk for p in people} & (found | named))

    def participants_named(self, names: set[str]) -> dict[str, Participant]:
        """Participants a file names outright, by any spelling; new names become participants."""
        if not names:
            return {}
        by_name = {}
        for participant in Participant.objects.all():
            for spelling in participant.spellings:
                by_name.setdefault(spelling.casefold(), participant)
        for name in names:
            if name.strip() and name.casefold() not in by_name:
                by_name[name.casefold()] = Participant.objects.create(name=name.strip()[:200])
        return by_name

    def hashtag(self, name: str) -> Hashtag:
        folded = name.casefold()
        if folded not in self.hashtags:
            self.hashtags[folded] = hashtag_for(name)
        return self.hashtags[folded]


def save_links(plans: list[LinkPlan], new: bool = False) -> None:
    """Link rows for the plans, people with their roles; for new statements with COPY (no
    links can exist yet). Links of archived statements are only ever added; their roles
    follow the text, but for those an editor set."""
    people = [
        (plan.statement.pk, p.pk, plan.role_of(p)) for plan in plans for p in plan.participants
    ]
    tags = [(plan.statement.pk, t.pk) for plan in plans for t in plan.hashtags]
    if new:
        copy_rows(StatementParticipant._meta.db_table, PERSON_COLUMNS, people)
        copy_rows(LINK_MODELS["hashtag"]._meta.db_table, ["statement_id", "hashtag_id"], tags)
        return
    StatementParticipant.objects.bulk_create(
        [StatementParticipant(**dict(zip(PERSON_COLUMNS, row, strict=True))) for row in people],
        ignore_conflicts=True,
    )
    set_roles_not_set_by_editors(people)
    links = LINK_MODELS["hashtag"]
    links.objects.bulk_create(
        [links(statement_id=s, hashtag_id=t) for s, t in tags], ignore_conflicts=True
    )


PERSON_COLUMNS = ["statement_id", "participant_id", "role"]


def set_roles_not_set_by_editors(people: list[tuple[int, int, str]]) -> None:
    """Set these links' roles (statement, participant, role), except where an editor chose."""
    if not people:
        return
    table = connection.ops.quote_name(StatementParticipant._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS link SET role = found.role "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) "
            "AS found(statement_id, participant_id, role) "
            "WHERE link.statement_id = found.statement_id "
            "AND link.participant_id = found.participant_id "
            "AND NOT link.role_set_by_editor AND link.role <> found.role",
            [list(column) for column in zip(*people, strict=True)],
        )


def names_text_of(plan: LinkPlan) -> str:
    """The names text of a statement about to be inserted with the plan's links (written
    with the row, so its search vector is computed once)."""
    people = ((participant.name, participant.aliases) for participant in plan.participants)
    return names_text(people, (tag.name for tag in plan.hashtags))


def refresh_names_text(statements: list[Statement]) -> None:
    """The names text of archived statements after their links changed (the same rule)."""
    changed = Statement.objects.filter(pk__in=[s.pk for s in statements]).refresh_names_text()
    for statement in statements:
        statement.names_text = changed.get(statement.pk, statement.names_text)


def hashtag_for(name: str) -> Hashtag:
    """The hashtag of that name (any case); for a tag renamed or merged into another, the
    one it became."""
    existing = Hashtag.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    slug = slug_for(name.lstrip("#"))
    merged_into = Hashtag.objects.by_former_slug(slug)
    if merged_into:
        return merged_into
    return Hashtag.objects.create(name=name, slug=unique_slug(Hashtag, name.lstrip("#")))


class NameSuggestions:
    """Names the statements just written suggest (after a title: "Foreign Minister X Y")
    that no participant has, queued with their statements for an editor."""

    def __init__(self, matcher: ParticipantMatcher):
        self.matcher = matcher
        self.named: list[tuple[Statement, ParsedRecord]] = []  # linked, not yet queued
        self.known_names: dict[str, bool] = {}  # suggestion key: whether a participant has it
        self.suggestion_ids: dict[str, int | None] = {}  # by key: pending id, or None

    def checkpoint(self) -> Callable[[], None]:
        saved = dict(self.suggestion_ids)

        def restore() -> None:
            self.suggestion_ids = saved

        return restore

    def start_batch(self) -> None:
        self.named = []  # a batch rolled back starts afresh

    def add(self, pairs: list[tuple[Statement, ParsedRecord]]) -> None:
        self.named += pairs  # the names they suggest are saved once they have ids

    def save(self) -> None:
        found: dict[str, tuple[str, str, set[int]]] = {}
        for statement, record in self.named:
            suggested = getattr(record, "suggested", None)
            if suggested is None:
                suggested = suggest_names(statement.title, statement.text)
            for name, context in suggested:
                key = suggestion_key(name)
                if key not in self.known_names:
                    self.known_names[key] = bool(self.matcher.find(name))
                if not self.known_names[key]:
                    found.setdefault(key, (name, context, set()))[2].add(statement.pk)
        self.named = []
        if found:
            queue_suggestions(found, self.suggestion_ids)
