"""The archive's admin: each module registers the admins of one area of the archive."""

from django.contrib import admin

from statements.admin import (
    corrections,
    duplicates,
    imports,
    participants,
    sources,
    statements,
    suggestions,
)
from statements.admin.login import ThrottledLoginForm

admin.site.login_form = ThrottledLoginForm

__all__ = [
    "corrections",
    "duplicates",
    "imports",
    "participants",
    "sources",
    "statements",
    "suggestions",
]
