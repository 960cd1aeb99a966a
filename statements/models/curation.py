"""What editors decide: revisions, participant merges and suggestions, duplicate groups."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from statements.models.archive import Participant, Statement
from statements.querysets import FormerSlugQuerySet


class StatementRevision(models.Model):
    """Values of a statement before a change replaced them: what the source said earlier."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(
        auto_now_add=True, help_text="When these values were replaced"
    )
    import_run = models.ForeignKey(
        "ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    fields = models.JSONField(help_text="The replaced values, by field name")
    import_hash = models.CharField(
        max_length=64, blank=True, help_text="Of the record they came from"
    )
    changed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # False for values that were offered but not applied: an older export, or an import
    # that would have overwritten an editor's change (a conflict).
    applied = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Revision of statement {self.statement_id} ({self.created_at:%Y-%m-%d %H:%M})"


class ParticipantMerge(models.Model):
    """One participant folded into another: enough to redirect its page and to undo it."""

    survivor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=200)
    merged_slug = models.CharField(max_length=100, db_index=True)
    merged_record = models.JSONField(help_text="The merged participant as it was")
    statement_ids = ArrayField(
        models.BigIntegerField(), default=list, help_text="Statements the merged one was linked to"
    )
    newly_linked_ids = ArrayField(
        models.BigIntegerField(), default=list, help_text="Of those, the ones the survivor gained"
    )
    aliases_added = ArrayField(models.CharField(max_length=200), default=list)
    merged_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"{self.merged_name} merged into {self.survivor}"


class FormerSlug(models.Model):
    """A slug a participant or hashtag gave up, renamed or merged into another, and the
    slug that took its place then. Saved links with it lead on, from slug to slug, to what
    it names now (`SluggedQuerySet.by_slug`); a slug in use again names its new holder."""

    class Reason(models.TextChoices):
        RENAMED = "renamed", "Renamed"
        MERGED = "merged", "Merged into another"

    relation = models.CharField(
        max_length=20, choices=[("participant", "Participant"), ("hashtag", "Hashtag")]
    )
    slug = models.CharField(max_length=200)
    became = models.CharField(max_length=200, help_text="The slug that took its place")
    reason = models.CharField(max_length=20, choices=Reason)
    changed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["relation", "slug"], name="former_slug_idx")]

    def __str__(self):
        return f"{self.relation} {self.slug} → {self.became}"


class ParticipantSuggestion(models.Model):
    """A name the importer saw in a pattern like "Foreign Minister X Y", for an editor."""

    class Status(models.TextChoices):
        PENDING = "pending", "To decide"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=200)
    # The folded name: one suggestion per person however it is spelt; a rejected key stays.
    key = models.CharField(max_length=200, unique=True)
    context = models.CharField(max_length=300, blank=True, help_text="Where it was first seen")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    statements = models.ManyToManyField(Statement, related_name="+", blank=True)
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DuplicateGroup(models.Model):
    """Statements with the same or nearly the same text, for an editor to confirm or split."""

    class Status(models.TextChoices):
        PENDING = "pending", "To review"
        CONFIRMED = "confirmed", "Confirmed"
        SPLIT = "split", "Split (not duplicates)"

    # The sorted member ids: finding the same group again changes nothing.
    key = models.CharField(max_length=200, unique=True)
    members = models.ManyToManyField(Statement, related_name="duplicate_groups")
    similarity = models.FloatField(help_text="Lowest similarity of a member to the first")
    exact = models.BooleanField(default=False, help_text="The same words exactly")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    canonical = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-similarity", "-id"]

    def __str__(self):
        return f"Duplicate group {self.pk}"


class TranslationPair(models.Model):
    """Two statements that are versions of one another in two languages (a ministry's
    Russian post and its English one). The finder links the confident ones and leaves the
    uncertain ones to an editor; a rejected pair is never suggested again."""

    class Status(models.TextChoices):
        PENDING = "pending", "To review"
        LINKED = "linked", "Linked automatically"
        CONFIRMED = "confirmed", "Confirmed by an editor"
        REJECTED = "rejected", "Rejected (not versions of one another)"

    # The lower id first: finding the same two statements again changes nothing.
    first = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="How sure the finder was, 0 to 1")
    reasons = models.JSONField(default=list, help_text="What the score rests on")
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    LINKS = (Status.LINKED, Status.CONFIRMED)

    class Meta:
        ordering = ["status", "-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="translation_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="translation_pair_order"
            ),
        ]

    def __str__(self):
        return f"Translation pair {self.pk}"

    @property
    def links(self) -> bool:
        return self.status in self.LINKS

    def other(self, statement_id: int) -> int:
        """The id of the statement paired with this one."""
        return self.second_id if statement_id == self.first_id else self.first_id
