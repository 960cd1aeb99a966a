"""Work queued for the worker: imports of uploaded files and big bulk corrections."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from statements.models.archive import Source


class QueueStatus(models.TextChoices):
    """Of work queued for the worker: imports of uploaded files, big bulk corrections."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"
    INTERRUPTED = "interrupted", "Interrupted"


class ImportRun(models.Model):
    Status = QueueStatus

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.RUNNING)
    path = models.TextField(help_text="The file or files imported")
    format = models.CharField(max_length=30)
    timezone = models.CharField(
        max_length=64, default="UTC", help_text="How times without a zone in the file were read"
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(
        default=0, help_text="New posts recognised as another copy of an archived statement"
    )
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Uploads from the admin: the file, and what to import it as (for the worker).
    upload = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    requested_format = models.CharField(max_length=30, blank=True, default="auto")
    progress = models.CharField(max_length=200, blank=True, help_text="How far a running import is")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the worker last said it was working"
    )
    requested_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A preview: the file imported and rolled back, so nothing is written; what it would
    # do is kept in `outcome` (see importers.outcome).
    dry_run = models.BooleanField(
        default=False, help_text="A preview: what the import would do; nothing was written"
    )
    outcome = models.JSONField(
        default=dict,
        blank=True,
        help_text="What it did (a preview: would do) beyond its counts: new sources, statements",
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.format} import of {self.path} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def summary(self) -> str:
        # Both of the first two were written: a copy is a row too, kept beside its original.
        return (
            f"created {self.created}, copies of archived statements {self.duplicates}, "
            f"updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {self.skipped}, failed {self.failed}"
        )


class BulkCorrection(models.Model):
    """A correction applied to many statements; big ones run in the worker with progress."""

    class Action(models.TextChoices):
        SET_KIND = "set_kind", "Set kind"
        ADD_PARTICIPANT = "add_participant", "Add participant"
        REMOVE_PARTICIPANT = "remove_participant", "Remove participant"
        ADD_HASHTAG = "add_hashtag", "Add hashtag"
        REMOVE_HASHTAG = "remove_hashtag", "Remove hashtag"
        PUBLISH = "publish", "Publish"
        HIDE = "hide", "Hide"
        REENRICH = "reenrich", "Re-run enrichment"

    Status = QueueStatus

    action = models.CharField(max_length=30, choices=Action)
    argument = models.CharField(max_length=200, blank=True, help_text="The kind, or the id")
    statement_ids = ArrayField(models.BigIntegerField(), default=list)
    status = models.CharField(max_length=20, choices=Status, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} on {len(self.statement_ids)} statements"

    @property
    def total(self) -> int:
        return len(self.statement_ids)
