"""Which copy of a post counts, and when two copies are one post."""

from datetime import UTC, datetime, timedelta

from statements.curation.copies import DUPLICATE_WINDOW_DAYS, earliest, same_post
from statements.models import Source, Statement

MAY = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)


def test_it_takes_the_first_published_then_the_lowest_id_and_undated_last():
    undated = Statement(pk=1, published_at=None)
    later = Statement(pk=2, published_at=MAY + timedelta(hours=1))
    first, tie = Statement(pk=4, published_at=MAY), Statement(pk=3, published_at=MAY)
    assert earliest([undated, later, first, tie]) is tie
    assert earliest([undated, Statement(pk=0, published_at=None)]).pk == 0


def test_one_post_is_in_two_sources_within_the_window():
    mfa, embassy = Source(pk=1), Source(pk=2)
    archived = Statement(source_id=mfa.pk, published_at=MAY)
    assert same_post(archived, embassy, MAY + timedelta(days=DUPLICATE_WINDOW_DAYS))
    assert not same_post(archived, embassy, MAY + timedelta(days=DUPLICATE_WINDOW_DAYS + 1))
    assert not same_post(archived, mfa, MAY)
    assert same_post(archived, embassy, None)
