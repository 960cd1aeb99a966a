"""The archive's admin: each module registers the admins of one area of the archive."""

from statements.admin import (
    corrections,
    duplicates,
    imports,
    participants,
    sources,
    statements,
    suggestions,
)

__all__ = [
    "corrections",
    "duplicates",
    "imports",
    "participants",
    "sources",
    "statements",
    "suggestions",
]
