"""Slugs that last: a participant's or hashtag's slug given up in a rename or a merge is
kept with the slug that replaced it, so links saved with it lead on (see FormerSlug)."""

from django.contrib.auth.base_user import AbstractBaseUser

from statements.models import FormerSlug, Hashtag, Participant


def slug_given_up(
    old_slug: str,
    now: Participant | Hashtag,
    reason: str,
    user: AbstractBaseUser | None = None,
) -> FormerSlug | None:
    """Record that `old_slug` now leads to `now` (renamed to it, or merged into it); None
    when the slug did not change."""
    if old_slug == now.slug:
        return None
    return FormerSlug.objects.create(
        relation=now._meta.model_name,
        slug=old_slug,
        became=now.slug,
        reason=reason,
        changed_by=user,
    )


def renamed(
    item: Participant | Hashtag, old_slug: str, user: AbstractBaseUser | None = None
) -> FormerSlug | None:
    """After an editor changed the slug: the old one leads to the item from now on."""
    return slug_given_up(old_slug, item, FormerSlug.Reason.RENAMED, user)
