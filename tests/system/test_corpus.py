"""The benchmark corpus: deterministic, searchable, named as the importer would name it."""

import pytest

from bench import corpus
from statements.models import Hashtag, Participant, Source, Statement
from statements.search.compile import matching_text


def quiet(line: str) -> None:
    pass


def test_generate_corpus_writes_a_searchable_archive_the_same_for_a_seed(db):
    corpus.generate(300, seed=4, report=quiet)
    assert Statement.objects.count() == 300
    assert Participant.objects.count() == 400
    # The names text written with the rows is what linking would write: nothing to refresh.
    assert Statement.objects.all().refresh_names_text() == {}
    assert matching_text(Statement.objects.all(), "talks").exists()
    first = list(Statement.objects.order_by("pk").values_list("title", "text")[:5])
    with pytest.raises(corpus.CorpusError, match="already has a generated corpus"):
        corpus.generate(10, report=quiet)
    Statement.objects.all().delete()
    Participant.objects.all().delete()
    Hashtag.objects.all().delete()
    Source.objects.all().delete()
    corpus.generate(300, seed=4, report=quiet)
    assert list(Statement.objects.order_by("pk").values_list("title", "text")[:5]) == first


def test_generate_corpus_refuses_a_negative_count(db):
    with pytest.raises(corpus.CorpusError, match="must be 0 or more"):
        corpus.generate(-1, report=quiet)


def test_generate_corpus_refuses_an_archive_holding_other_statements_cleanly(demo):
    before = Statement.objects.count()
    with pytest.raises(corpus.CorpusError, match="already holds 7 statements"):
        corpus.generate(10, report=quiet)
    assert Statement.objects.count() == before
