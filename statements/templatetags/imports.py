"""What admin pages of statements show of imports: a statement's open import conflicts."""

from django import template

from statements.curation.conflicts import Conflict, open_conflicts

register = template.Library()


@register.simple_tag
def import_conflicts(statement) -> list[Conflict]:
    return open_conflicts(statement)
