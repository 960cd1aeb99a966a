"""What waits for an editor, counted exactly for the admin's index page."""

from django import template
from django.urls import reverse

from statements.models import DuplicateGroup, ParticipantSuggestion, Statement

register = template.Library()

# (what waits, the permission to see its list, its list (which shows what waits first),
# what waits)
WAITING = [
    (
        "Statements to review",
        "statements.view_statementtoreview",
        "admin:statements_statementtoreview_changelist",
        lambda: Statement.objects.filter(status=Statement.Status.NEW),
    ),
    (
        "Suggested participants to decide on",
        "statements.view_participantsuggestion",
        "admin:statements_participantsuggestion_changelist",
        lambda: ParticipantSuggestion.objects.filter(status=ParticipantSuggestion.Status.PENDING),
    ),
    (
        "Duplicate groups to review",
        "statements.view_duplicategroup",
        "admin:statements_duplicategroup_changelist",
        lambda: DuplicateGroup.objects.filter(status=DuplicateGroup.Status.PENDING),
    ),
]


@register.simple_tag
def waiting_for(user) -> list[dict]:
    """Each kind of work waiting that the user may see, with its exact count and list."""
    return [
        {"label": label, "count": waiting().count(), "url": reverse(list_url)}
        for label, permission, list_url, waiting in WAITING
        if user.has_perm(permission)
    ]
