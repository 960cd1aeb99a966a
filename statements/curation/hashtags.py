"""Hashtags editors curate: renaming one, merging spellings of one tag into one."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from statements.curation import revisions
from statements.curation.participants import MergeRefused
from statements.curation.slugs import slug_given_up
from statements.models import FormerSlug, Hashtag, Statement, StatementHashtag, StatementRevision
from statements.search.totals import changes_the_archive


@changes_the_archive
def hashtag_renamed(hashtag: Hashtag) -> None:
    """After an editor changed a hashtag's name: what search reads of it follows."""
    hashtag.statements.all().refresh_names_text()


@changes_the_archive
def merge_hashtags(
    survivor: Hashtag, merged: Hashtag, user: AbstractBaseUser | None = None
) -> list[StatementRevision]:
    """Fold `merged` into `survivor`: its statements are tagged with the survivor instead,
    each such statement gets a revision naming the editor, and the merged tag's slug leads
    to the survivor's (its page, feed and searches by it go on). Returns the revisions."""
    if survivor.pk == merged.pk:
        raise MergeRefused("a hashtag cannot be merged into itself")
    with transaction.atomic():
        statement_ids = sorted(merged.statements.values_list("pk", flat=True))
        merged_slug, merged_name = merged.slug, merged.name
        note = f"hashtag {merged_name} merged into {survivor.name}"
        with revisions.changes_recorded(statement_ids, user, note) as changed:
            links = StatementHashtag
            links.objects.bulk_create(
                [links(statement_id=pk, hashtag=survivor) for pk in statement_ids],
                ignore_conflicts=True,
            )
            merged.delete()
        slug_given_up(merged_slug, survivor, FormerSlug.Reason.MERGED, user)
        Statement.objects.filter(pk__in=statement_ids).refresh_names_text()
    return changed
