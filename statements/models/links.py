"""How statements link to the people they name (with the role each had in the statement)
and to their hashtags: the link tables, by the linked model's name."""

from django.db import models

from statements.models.archive import Participant, Statement
from statements.text import roles


class Role(models.TextChoices):
    """What a person linked to a statement did in it: took part, or was only named."""

    PARTICIPANT = roles.PARTICIPANT, "Took part"
    MENTIONED = roles.MENTIONED, "Mentioned"


class StatementParticipant(models.Model):
    """A person a statement names, and whether they took part in it or were only mentioned
    (decided from the text's structure when linked; an editor's choice is kept)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE)
    role = models.CharField(
        max_length=20, choices=Role, default=Role.MENTIONED, db_default=Role.MENTIONED
    )
    role_set_by_editor = models.BooleanField(
        default=False,
        db_default=False,
        editable=False,
        help_text="An editor chose the role: re-linking leaves it as it is",
    )

    class Meta:
        # The table Django made for the plain many-to-many field, kept as it is.
        db_table = "statements_statement_participants"
        unique_together = [("statement", "participant")]
        verbose_name = "participant of a statement"

    def __str__(self):
        return f"{self.participant} ({self.get_role_display().lower()})"


# The hashtag link table stays the model Django creates for the field.
StatementHashtag = Statement.hashtags.through
# By the linked model's name, which is also its column's prefix (participant_id, hashtag_id).
LINK_MODELS: dict[str, type[models.Model]] = {
    "participant": StatementParticipant,
    "hashtag": StatementHashtag,
}
