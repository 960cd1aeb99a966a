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
    translations,
)
from statements.admin.login import ThrottledLoginForm

admin.site.login_form = ThrottledLoginForm
# The archive's name on every admin page and in its tab, not Django's.
admin.site.site_header = "Statement Archive"
admin.site.site_title = "Statement Archive"
admin.site.index_title = "Editing the archive"

__all__ = [
    "corrections",
    "duplicates",
    "imports",
    "participants",
    "sources",
    "statements",
    "suggestions",
    "translations",
]
