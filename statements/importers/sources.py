"""Which archive Source a record goes to: the channel the file names, else the file's.

A source an upload creates needs review (its statements come in as New) until an editor
says otherwise: nobody has looked at where its posts come from.
"""

import re
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from statements.importers.records import Channel, ParsedRecord, Record, UnreadableFile
from statements.models import Source, unique_slug
from statements.text.normalize import fold

SOURCE_LOCK = 7_301  # advisory lock namespace for "an import is writing into this source"


class SourceResolver:
    """The sources of one file's records, found once per channel and locked for the import."""

    def __init__(
        self, forced_source: Source | None, fallback_name: str, new_need_review: bool = False
    ):
        self.forced_source = forced_source
        self.fallback_name = fallback_name
        self.new_need_review = new_need_review
        self.created: list[Source] = []  # the sources this file's records made
        self.sources: dict[Channel | None, Source] = {}
        self.channels: set[Channel | None] = set()
        self.locked: set[int] = set()
        self.last_source: Source | None = None

    def source_for(self, channel: Channel | None) -> Source:
        source = self._source_for(channel)
        if source.pk not in self.locked:
            # Two imports into one source wait for each other instead of racing on its ids.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SOURCE_LOCK, source.pk])
            self.locked.add(source.pk)
        return source

    def _source_for(self, channel: Channel | None) -> Source:
        if self.forced_source:
            # One source for a file of several channels would merge their message ids.
            self.channels.add(channel)
            if len(self.channels - {None}) > 1:
                raise UnreadableFile(
                    "holds posts of several channels; import it without --source, "
                    "so that each channel is its own source"
                )
            self.last_source = self.forced_source
            return self.forced_source
        if channel not in self.sources:
            source, created = (
                source_for_channel(channel, self.new_need_review)
                if channel
                else source_named(self.fallback_name, self.new_need_review)
            )
            if created:
                self.created.append(source)
            self.sources[channel] = source
        self.last_source = self.sources[channel]
        return self.sources[channel]


def source_named(name: str, needs_review: bool = False) -> tuple[Source, bool]:
    """The source named after a file that says nothing of where its posts come from, and
    whether it was created now."""
    slug = slugify(fold(name), allow_unicode=True)[:100] or "imported"
    return Source.objects.get_or_create(
        slug=slug,
        defaults={
            "name": re.sub(r"[-_]+", " ", name).strip().title() or slug,
            "needs_review": needs_review,
        },
    )


def source_for_channel(channel: Channel, needs_review: bool = False) -> tuple[Source, bool]:
    """The same channel is the same Source in every file: by Telegram id, then handle or slug;
    and whether it was created now.

    What a file adds (a handle the JSON export lacks, an id the web page lacks) is filled in.
    """
    source = _archived_source(channel)
    if source is None:
        name = channel.title or channel.handle or channel.slug or "Imported"
        try:
            with transaction.atomic():
                created = Source.objects.create(
                    name=name[:200],
                    slug=channel.slug or unique_slug(Source, channel.handle or name),
                    handle=channel.handle[:100],
                    telegram_id=channel.telegram_id,
                    url=f"https://t.me/s/{channel.handle}" if channel.handle else "",
                    needs_review=needs_review,
                )
                return created, True
        except IntegrityError:  # another import created it a moment ago
            return source_for_channel(channel, needs_review)
    missing = {}
    if channel.telegram_id and not source.telegram_id:
        missing["telegram_id"] = channel.telegram_id
    if channel.handle and not source.handle:
        missing["handle"] = channel.handle
    if missing:
        Source.objects.filter(pk=source.pk).update(**missing)
        for name, value in missing.items():
            setattr(source, name, value)
    return source, False


def _archived_source(channel: Channel) -> Source | None:
    source = None
    if channel.telegram_id:
        source = Source.objects.filter(telegram_id=channel.telegram_id).first()
    if source is None and channel.handle:
        source = Source.objects.filter(handle__iexact=channel.handle).first()
    if source is None and channel.slug:
        source = Source.objects.filter(slug=channel.slug).first()
    if source is None and channel.title:
        # An HTML export names its channel by title alone: a source known by nothing else
        # is the channel of that title, whichever of its files came first.
        named = Source.objects.filter(name=channel.title[:200])
        if channel.telegram_id or channel.handle:
            named = named.filter(telegram_id=None, handle="")
        source = named.first()
    return source


def new_source_names(records: Iterable[Record], fallback_name: str) -> list[str]:
    """The names of the sources importing these records would create (read, not written):
    what an editor is asked about before an upload creates one."""
    channels = {record.channel for record in records if isinstance(record, ParsedRecord)}
    names = []
    for channel in channels:
        if channel is None:
            slug = slugify(fold(fallback_name), allow_unicode=True)[:100] or "imported"
            if not Source.objects.filter(slug=slug).exists():
                names.append(fallback_name)
        elif _archived_source(channel) is None:
            names.append(channel.title or channel.handle or channel.slug or "Imported")
    return sorted(names)
