"""Small factories for the archive's rows: each makes one, with defaults a test can
override by keyword. Plain functions over the ORM, so a reader sees what is stored."""

import itertools
from collections.abc import Iterable

from django.db import connection
from django.utils.text import slugify

from statements.models import Hashtag, Participant, Source, Statement, StatementRevision

_numbers = itertools.count(1)


def source(name: str = "MFA", slug: str = "", **fields) -> Source:
    """A channel; the slug follows the name unless given."""
    return Source.objects.create(name=name, slug=slug or slugify(name) or "source", **fields)


_new_source = source  # statement()'s `source` argument hides the function's name


def participant(name: str = "Sergey Lavrov", **fields) -> Participant:
    return Participant.objects.create(name=name, **fields)


def hashtag(name: str = "#Kosovo", slug: str = "", **fields) -> Hashtag:
    return Hashtag.objects.create(name=name, slug=slug or slugify(name.lstrip("#")), **fields)


def statement(
    source: Source | None = None,
    title: str = "Talks on Kosovo",
    *,
    participants: Iterable[Participant] = (),
    hashtags: Iterable[Hashtag] = (),
    **fields,
) -> Statement:
    """A published statement of a source (a new "MFA" unless given), linked to the
    participants and hashtags given, with its names text brought up to date. Each gets
    its own content hash unless one is given."""
    fields.setdefault("content_hash", f"statement-{next(_numbers)}")
    made = Statement.objects.create(source=source or _new_source(), title=title, **fields)
    made.participants.add(*participants)
    made.hashtags.add(*hashtags)
    made.refresh_names_text()
    return made


def revision(statement: Statement, fields: dict, **extra) -> StatementRevision:
    """A revision of a statement that keeps the replaced values `fields`."""
    return StatementRevision.objects.create(statement=statement, fields=fields, **extra)


def committed() -> None:
    """What committing would do for the rows made so far in a test's transaction: their
    on-commit work runs and is no longer pending. (A transaction with writes pending keeps
    none of the archive's numbers; a test of keeping starts from a committed archive.)"""
    pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
    for _, callback, _ in pending:
        callback()
