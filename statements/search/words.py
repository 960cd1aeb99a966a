"""The archive's vocabulary: the words of its statements, participants and hashtags, each
with about how many statements hold it. "Did you mean" draws corrections from it by
trigram similarity, so a search never reads the statement table to suggest.

Reading every text costs about half a millisecond a statement (to_tsvector), so the
vocabulary is read from a sample of statements spread evenly over the archive (every
n-th id) and counted up by the same factor: frequent words are all there, a word found in
only a few statements may be missing. Names and aliases of every participant and hashtag
are all read, with their exact link counts: they are what people misspell most. The
count a correction shows is never this estimate: it comes from running the search.
"""

from django.db import connection, connections, router, transaction
from django.db.models import Max, Min

from statements.models import LINK_MODELS, Hashtag, Participant, Statement, Word
from statements.text.normalize import fold
from statements.vocabulary import NAMES_CONFIG

# Statements read for the vocabulary at each refresh (measured: see the README).
WORDS_SAMPLE = 2_000
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 40
# How alike (pg_trgm similarity) a word of the archive must be to be offered for a word of
# the query: "lavorv" is 0.27 like "lavrov" (a swap of two letters breaks four trigrams).
CORRECTION_SIMILARITY = 0.25
# Alike words looked at, most frequent first (a word far from the query's is left out after).
CORRECTION_CANDIDATES = 100


def _words_of(text_sql: str) -> str:
    """SQL: each word of the text as the names configuration reads it, once per row."""
    return f"unnest(tsvector_to_array(to_tsvector('{NAMES_CONFIG}', {text_sql})))"


def _names_sql(model, link_column: str) -> str:
    """SQL for the words of every participant's (or hashtag's) names with the number of
    statements linked to it."""
    table = model._meta.db_table
    links = LINK_MODELS[link_column]._meta.db_table
    names = "name || ' ' || array_to_string(aliases, ' ')" if model is Participant else "name"
    return (
        f"SELECT word, sum(coalesce(linked.n, 0)) AS n FROM {table} item "
        f"LEFT JOIN (SELECT {link_column}_id AS id, count(*) AS n FROM {links} "
        f"GROUP BY {link_column}_id) linked ON linked.id = item.id, "
        f"{_words_of(names)} AS word GROUP BY word"
    )


def _sample_ids() -> tuple[list[int], int]:
    """Ids of statements spread evenly over the archive, and how many statements each
    stands for."""
    bounds = Statement.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return [0], 1  # no statement has id 0: an empty sample
    step = max(1, (bounds["high"] - bounds["low"] + 1) // WORDS_SAMPLE)
    return list(range(bounds["low"], bounds["high"] + 1, step)), step


def refresh_words() -> int:
    """Read the vocabulary again (after an import); returns how many words it has."""
    ids, step = _sample_ids()
    sample_sql, sample_params = (
        Statement.objects.listed()
        .filter(pk__in=ids)
        .order_by()
        .values("title", "text", "names_text")
        .query.sql_with_params()
    )
    text = "coalesce(sample.title, '') || ' ' || sample.text || ' ' || sample.names_text"
    statements_sql = (
        f"SELECT word, count(*) * {int(step)} AS n FROM ({sample_sql}) sample, "
        f"{_words_of(text)} AS word GROUP BY word"
    )
    people_sql = _names_sql(Participant, "participant")
    tags_sql = _names_sql(Hashtag, "hashtag")
    table = Word._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (word, statements) "
            f"SELECT word, max(n) FROM ({statements_sql} UNION ALL {people_sql} "
            f"UNION ALL {tags_sql}) found "
            "WHERE length(word) BETWEEN %s AND %s AND word ~ '^[[:alpha:]]+$' GROUP BY word",
            [*sample_params, MIN_WORD_LENGTH, MAX_WORD_LENGTH],
        )
        count = cursor.rowcount
        cursor.execute(f"ANALYZE {table}")  # so the trigram index is read, not the table
    return count


def statements_holding(words: list[str]) -> dict[str, int]:
    """How many statements hold each of these words (folded), for those the vocabulary has."""
    found = Word.objects.filter(word__in=[fold(word) for word in words])
    return dict(found.values_list("word", "statements"))


def words_like(word: str) -> list[Word]:
    """The archive's words spelled like this one, those most statements hold first (the
    word itself among them when the archive has it); read through the trigram index."""
    folded = fold(word).lower()
    alias = router.db_for_read(Word)  # a replica for public reading, if there is one
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # `%` reads the trigram index at this threshold, for this transaction only.
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(CORRECTION_SIMILARITY)],
        )
        cursor.execute(
            f"SELECT word, statements FROM {Word._meta.db_table} WHERE word %% %s "
            "ORDER BY statements DESC, word LIMIT %s",
            [folded, CORRECTION_CANDIDATES],
        )
        return [Word(word=found, statements=count) for found, count in cursor.fetchall()]
