"""The archive: sources, the people and hashtags statements name, and the statements."""

from datetime import UTC, date, datetime, time

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, Func, Q, TextField, Transform, Value, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.text import Truncator, slugify

from statements.querysets import (
    LinkedToStatementsQuerySet,
    ParticipantQuerySet,
    SluggedQuerySet,
    StatementQuerySet,
)
from statements.text.normalize import CONTROL_CHARACTERS, fold
from statements.vocabulary import (
    LANGUAGES,
    NAMES_CONFIG,
    OWN_LANGUAGE_ONLY,
    SEARCH_CONFIGS,
    Kind,
    language_marker,
)

MADE_FROM_NAME = "Left empty, it is made from the name."


def slug_for(text: str, max_length: int = 100) -> str:
    """The text as a slug: any script, diacritics folded (room left for a number)."""
    return slugify(fold(text), allow_unicode=True)[: max_length - 8] or "item"


def unique_slug(model, text: str, max_length: int = 100, holder=None) -> str:
    """A slug for the text not yet used by the model (but by `holder`, which may keep or
    take back its own). A slug given up that still leads somewhere (after a rename or a
    merge) is not taken again."""
    base = slug_for(text, max_length)
    slug, number = base, 2
    while slug_taken(model, slug, holder):
        slug = f"{base}-{number}"
        number += 1
    return slug


def slug_taken(model, slug: str, holder=None) -> bool:
    """Whether the slug names something of the model other than `holder`: held now, or
    given up and leading on."""
    items = model.objects.all()
    if isinstance(items, SluggedQuerySet):
        named = items.by_slug(slug)
    else:
        named = items.filter(slug=slug).first()
    return named is not None and (holder is None or named.pk != holder.pk)


class Source(models.Model):
    class Platform(models.TextChoices):
        TELEGRAM = "telegram", "Telegram channel"
        WEB = "web", "Web site"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    platform = models.CharField(max_length=20, choices=Platform, default=Platform.TELEGRAM)
    handle = models.CharField(max_length=100, blank=True, help_text="e.g. MFARussia")
    # What importers/handles.py read from the channel's own posts when no export named its
    # handle: kept once inferred, so an editor who clears a wrong handle is not overruled.
    handle_inferred = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The handle inferred from the channel's own t.me links, with the evidence",
    )
    description = models.TextField(blank=True, help_text="What the source is, for its page")
    telegram_id = models.BigIntegerField(null=True, blank=True, unique=True)
    url = models.URLField(blank=True)
    default_language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    needs_review = models.BooleanField(
        default=False,
        help_text="Statements imported from this source wait for an editor (status New) "
        "instead of being published at once.",
    )
    # Where an interrupted live sync has to resume (see statements/sync.py).
    sync_state = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LinkedToStatementsQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])

    @property
    def original_url(self) -> str:
        """Where the source itself is read: its channel on t.me, else its address."""
        if self.platform == self.Platform.TELEGRAM and self.handle:
            return f"https://t.me/{self.handle}"
        return self.url

    @property
    def permalink_base(self) -> str:
        """What a message id completes into a link to the post, or "" when ids give none."""
        if self.platform == self.Platform.TELEGRAM and self.handle:
            return f"https://t.me/{self.handle}/"
        return ""


class Participant(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(
        max_length=100, unique=True, allow_unicode=True, blank=True, help_text=MADE_FROM_NAME
    )
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    role = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["aliases"], name="participant_aliases_gin")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_from_name()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("participant-detail", args=[self.slug])

    def slug_from_name(self) -> str:
        return unique_slug(Participant, self.name, holder=self)

    @property
    def spellings(self) -> list[str]:
        return [self.name, *self.aliases]


class Hashtag(models.Model):
    name = models.CharField(max_length=200, help_text="As first seen, with '#'")
    slug = models.SlugField(
        max_length=200, unique=True, allow_unicode=True, blank=True, help_text=MADE_FROM_NAME
    )

    objects = SluggedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                name="hashtag_name_ci_unique",
                violation_error_message="A hashtag of this name exists already (in any case).",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.slug_from_name()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hashtag-detail", args=[self.slug])

    def slug_from_name(self) -> str:
        return unique_slug(Hashtag, self.name.lstrip("#"), holder=self)


class SearchText(Func):
    """A text as the index reads it (the SQL function of migration 0012): Arabic vowel marks
    and transliteration marks folded away, Chinese, Japanese and Korean cut into overlapping
    character pairs. IMMUTABLE, so the stored vector may use it; queries use it too."""

    function = "archive_search_text"
    output_field = TextField()


@TextField.register_lookup
class FoldedMarks(Transform):
    """text__folded_marks: the text without Arabic vowel marks and transliteration marks (as
    fold() in Python), for conditions that compare the text itself."""

    lookup_name = "folded_marks"
    function = "archive_fold_marks"
    output_field = TextField()


def _weighted_vector(config: str):
    return (
        SearchVector(SearchText("title"), config=config, weight="A")
        + SearchVector(SearchText("names_text"), config=NAMES_CONFIG, weight="B")
        + SearchVector(SearchText("text"), config=config, weight="C")
    )


def _language_vector(language: str, config: str):
    """The weighted vector, with the language's marker where its stems count only in its own
    statements (vocabulary.OWN_LANGUAGE_ONLY)."""
    vector = _weighted_vector(config)
    if language not in OWN_LANGUAGE_ONLY:
        return vector
    marker = Cast(Value(f"'{language_marker(language)}'"), SearchVectorField())
    return Func(vector, marker, function="tsvector_concat", output_field=SearchVectorField())


def publication_order(published_at: datetime | None, pk: int) -> tuple:
    """The sort key that puts the canonical copy of a post first: published first, undated
    ones last, then the lowest id (`StatementQuerySet.earliest_first` in SQL)."""
    return (published_at is None, published_at or datetime.min.replace(tzinfo=UTC), pk)


def promote_next_copy(collector, field, sub_objs, using):
    """on_delete of a post's canonical copy: its earliest other appearance takes its place,
    so the post is still counted once (not once per remaining copy)."""
    copies = sorted(sub_objs, key=lambda s: publication_order(s.published_at, s.pk))
    if copies:
        collector.add_field_update(field, None, [copies[0]])
    if len(copies) > 1:
        collector.add_field_update(field, copies[0], copies[1:])


class Statement(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New (to review)"
        PUBLISHED = "published", "Published"
        HIDDEN = "hidden", "Hidden"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="statements")
    source_message_id = models.BigIntegerField(null=True, blank=True)
    source_url = models.URLField(blank=True, max_length=500)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the source posted it (UTC)"
    )
    event_date = models.DateField(null=True, blank=True)
    event_date_text = models.CharField(
        max_length=100, blank=True, help_text="The date as the text gives it, e.g. 'September 23'"
    )
    location = models.CharField(max_length=200, blank=True)
    # published_at, or the event date when the source gives no time: what sorting and years use.
    sort_date = models.DateTimeField(null=True, blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MESSAGE)
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    forwarded_from = models.CharField(max_length=300, blank=True)
    forwarded_from_id = models.CharField(max_length=200, blank=True)
    forwarded_message_id = models.BigIntegerField(null=True, blank=True)
    external_id = models.CharField(
        max_length=200,
        blank=True,
        help_text="The statement's id in another system (imports of tables)",
    )
    edited_at = models.DateTimeField(
        null=True, blank=True, help_text="When the source last edited it"
    )
    views = models.PositiveBigIntegerField(null=True, blank=True)
    # Set by a sync that no longer found the post where the preview shows its neighbours;
    # cleared when it is found again. The statement stays in the archive either way.
    deleted_at_source = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a sync noticed the channel no longer shows the post",
    )
    media = models.CharField(max_length=100, blank=True, help_text="What media came with the post")
    media_count = models.PositiveIntegerField(default=0)
    links = models.JSONField(default=list, blank=True)
    mentions = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    # Hash of the source record as last imported: the same record again changes nothing.
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Hash of the folded words of title and text: the same post from another channel matches.
    text_fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=promote_next_copy,
        related_name="appearances",
        help_text="The canonical statement this post repeats (a forward, a repost, another copy)",
    )
    raw = models.JSONField(
        default=dict, blank=True, help_text="The source record, exactly as imported"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PUBLISHED)
    # Fields an editor set by hand: a re-import leaves them as they are and records a conflict.
    editor_fields = ArrayField(
        models.CharField(max_length=40), default=list, blank=True, editable=False
    )
    participants = models.ManyToManyField(
        Participant, related_name="statements", blank=True, through="StatementParticipant"
    )
    hashtags = models.ManyToManyField(Hashtag, related_name="statements", blank=True)
    import_run = models.ForeignKey(
        "ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_statements",
        editable=False,
        help_text="The import that created it (what undoing that import hides)",
    )
    # Names, aliases and hashtags of what is linked, kept in step by Statement.refresh_names_text().
    names_text = models.TextField(blank=True, editable=False, db_column="participant_text")
    search_vector = models.GeneratedField(
        expression=Case(
            *[
                When(language=language, then=_language_vector(language, config))
                for language, config in SEARCH_CONFIGS.items()
            ],
            default=_weighted_vector(NAMES_CONFIG),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-sort_date", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="statement_search_gin"),
            # Titles alike (trigrams): related statements when no participant is shared.
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="statement_title_trgm"),
            # Covering what listed() reads, so browsing deep pages reads the index only.
            models.Index(
                models.F("sort_date").desc(nulls_last=True),
                models.F("id").desc(),
                name="statement_sort_date_idx",
                include=["status", "duplicate_of"],
            ),
            # Oldest first (undated last, as newest first): its own index, as no single one
            # serves both orders with the undated at the end.
            models.Index(
                models.F("sort_date").asc(nulls_last=True),
                models.F("id").asc(),
                name="statement_sort_date_asc_idx",
                include=["status", "duplicate_of"],
            ),
            models.Index(fields=["source", "sort_date"], name="statement_source_date_idx"),
            # The few statements the public does not see (new, hidden): listed() reads them.
            models.Index(
                fields=["status"],
                condition=~Q(status="published"),
                name="statement_unpublished_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_message_id"],
                condition=Q(source_message_id__isnull=False),
                name="statement_unique_message_per_source",
                violation_error_message="This source has a statement with this message id already.",
            ),
            models.UniqueConstraint(
                fields=["source", "content_hash"],
                condition=Q(source_message_id__isnull=True, external_id=""),
                name="statement_unique_text_per_source_without_id",
                violation_error_message="This source has a statement with the same text "
                "(and no message id) already.",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=Q(source_message_id__isnull=True) & ~Q(external_id=""),
                name="statement_unique_external_id_per_source",
                violation_error_message="This source has a statement with this external id "
                "already.",
            ),
        ]

    def __str__(self):
        return Truncator(self.display_title).chars(80)

    def save(self, *args, **kwargs):
        # Control characters would collide with the search highlight markers.
        self.title = CONTROL_CHARACTERS.sub("", self.title)
        self.text = CONTROL_CHARACTERS.sub("", self.text)
        self.sort_date = sort_date_for(self.published_at, self.event_date)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("statement-detail", args=[self.pk])

    @property
    def original_url(self) -> str:
        """The link to the post at its source: as imported, else made from the message id
        and the source's handle (one inferred after the import too)."""
        if self.source_url:
            return self.source_url
        base = self.source.permalink_base
        return f"{base}{self.source_message_id}" if base and self.source_message_id else ""

    @property
    def display_title(self) -> str:
        """The title, or what the post was when it had no text (a media-only post)."""
        if self.title:
            return self.title
        if self.media:
            count = f"{self.media_count} " if self.media_count > 1 else ""
            return f"{count}{self.media} post without text".capitalize()
        return f"Statement {self.pk}"

    def refresh_names_text(self) -> None:
        """Rebuild the names text the search vector reads, after links changed."""
        changed = Statement.objects.filter(pk=self.pk).refresh_names_text()
        self.names_text = changed.get(self.pk, self.names_text)


def sort_date_for(published_at: datetime | None, event_date: date | None) -> datetime | None:
    """When a statement sorts: when it was published, else noon (UTC) of the day it tells of."""
    if published_at:
        return published_at
    if event_date:
        return datetime.combine(event_date, time(12), tzinfo=UTC)
    return None


class StatementToReview(Statement):
    """The editors' queue: statements imported as New, oldest first (an admin view)."""

    class Meta:
        proxy = True
        verbose_name = "statement to review"
        verbose_name_plural = "statements to review"
