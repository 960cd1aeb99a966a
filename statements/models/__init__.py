"""The app's models, by concern: the archive itself, editors' decisions, the worker's queue."""

from statements.models.alerts import Alert
from statements.models.archive import (
    Hashtag,
    Participant,
    Source,
    Statement,
    StatementToReview,
    promote_next_copy,
    publication_order,
    slug_for,
    sort_date_for,
    unique_slug,
)
from statements.models.curation import (
    DuplicateGroup,
    FormerSlug,
    ParticipantMerge,
    ParticipantSuggestion,
    StatementRevision,
    TranslationPair,
)
from statements.models.links import LINK_MODELS, Role, StatementHashtag, StatementParticipant
from statements.models.queue import BulkCorrection, ImportRun, QueueStatus
from statements.models.search_rows import SearchRow
from statements.models.words import Word

__all__ = [
    "LINK_MODELS",
    "Alert",
    "BulkCorrection",
    "DuplicateGroup",
    "FormerSlug",
    "Hashtag",
    "ImportRun",
    "Participant",
    "Role",
    "ParticipantMerge",
    "ParticipantSuggestion",
    "QueueStatus",
    "SearchRow",
    "Source",
    "Statement",
    "StatementHashtag",
    "StatementParticipant",
    "StatementRevision",
    "StatementToReview",
    "TranslationPair",
    "promote_next_copy",
    "publication_order",
    "slug_for",
    "sort_date_for",
    "unique_slug",
    "Word",
]
