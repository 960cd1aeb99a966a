"""A synthetic archive for benchmarks: deterministic, realistic in the ways search cares about.

English and Russian texts drawn from a Zipf vocabulary (a few words in most statements,
a long tail in few), 60–260 words each, titles naming participants by any of their
spellings, hashtags, kinds and ten years of dates (more recent years busier), spread over
ministries' and embassies' channels. Written with COPY, secondary indexes built after.
"""

import hashlib
import itertools
import json
import random
import time
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from bench.corpus_words import (
    COUNTRIES,
    CYRILLIC_SYLLABLES,
    ENGLISH_WORDS,
    FIRST_NAMES,
    KIND_WEIGHTS,
    LATIN_SYLLABLES,
    ROLES,
    RUSSIAN_WORDS,
    SURNAME_STEMS,
    TITLES,
)
from statements.models import LINK_MODELS, Hashtag, Participant, Source, Statement, sort_date_for
from statements.search.words import refresh_words
from statements.text.names import names_text

START = datetime(2016, 1, 1, tzinfo=UTC)
YEARS = 10
CHUNK = 10_000


class Vocabulary:
    """Words with Zipf frequencies (rank r drawn with weight 1/r), real words first."""

    def __init__(self, rng: random.Random, real: str, syllables: list[str], size: int):
        words = list(dict.fromkeys(real.split()))
        seen = set(words)
        while len(words) < size:
            word = "".join(rng.choices(syllables, k=rng.randint(2, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))

    def sentences(self, rng: random.Random, count: int) -> list[list[str]]:
        found = []
        for _ in range(count):
            picks = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(6, 22))
            picks[0] = picks[0].capitalize()
            found.append(picks)
        return found


class CorpusWriter:
    def __init__(self, seed: int, vocabulary_size: int = 60_000, sentence_pool: int = 40_000):
        self.rng = random.Random(seed)
        self.pools = {
            "en": self._pool(ENGLISH_WORDS, LATIN_SYLLABLES, vocabulary_size, sentence_pool),
            "ru": self._pool(RUSSIAN_WORDS, CYRILLIC_SYLLABLES, vocabulary_size, sentence_pool),
        }
        self.kinds = list(KIND_WEIGHTS)
        self.kind_weights = list(itertools.accumulate(KIND_WEIGHTS.values()))

    def _pool(self, real, syllables, size, count) -> list[str]:
        vocabulary = Vocabulary(self.rng, real, syllables, size)
        return [" ".join(words) + "." for words in vocabulary.sentences(self.rng, count)]

    # Who and where ---------------------------------------------------------------------

    def create_people_and_places(self, sources: int, people: int, hashtags: int):
        rng = self.rng
        self.sources = []
        for number in range(sources):
            country = COUNTRIES[number % len(COUNTRIES)]
            kind = "MFA" if number < len(COUNTRIES) else "Embassy"
            name = f"{kind} of {country} ({number + 1})"
            self.sources.append(
                Source.objects.create(
                    name=name,
                    slug=f"corpus-{number + 1}",
                    handle=f"corpus_channel_{number + 1}",
                    default_language="ru" if number % 3 == 0 else "en",
                )
            )
        self.people = []
        names = set()
        while len(self.people) < people:
            first, first_ru = rng.choice(FIRST_NAMES)
            stem, stem_ru = rng.choice(SURNAME_STEMS)
            suffix = "" if not names or rng.random() < 0.3 else str(len(names))
            name = f"{first} {stem}{suffix and ' ' + suffix}"
            if name in names:
                continue
            names.add(name)
            aliases = [f"{first_ru} {stem_ru}", f"{first_ru[0]}.{stem_ru}"]
            participant = Participant.objects.create(
                name=name,
                aliases=aliases,
                role=rng.choice(ROLES),
                country=rng.choice(COUNTRIES),
            )
            self.people.append(participant)
        self.people_weights = list(itertools.accumulate(1 / rank for rank in range(1, people + 1)))
        self.hashtags = [
            Hashtag.objects.create(name=f"#{topic}", slug=f"corpus-{topic.lower()}")
            for topic in self._topics(hashtags)
        ]
        self.hashtag_weights = list(
            itertools.accumulate(1 / rank for rank in range(1, hashtags + 1))
        )

    def _topics(self, count: int) -> list[str]:
        base = ["Serbia", "Russia", "UN", "BRICS", "Kosovo", "Energy", "Trade", "Security"]
        topics = base + [f"Topic{number}" for number in range(count - len(base))]
        return topics[:count]

    # Statements ------------------------------------------------------------------------

    def statements(self, count: int, first_pk: int):
        """Rows of statements and their links, chunk by chunk."""
        rng = self.rng
        span = YEARS * 365 * 86400
        message_ids = dict.fromkeys((s.pk for s in self.sources), 0)
        for start in range(0, count, CHUNK):
            rows, people_links, tag_links = [], [], []
            for pk in range(first_pk + start, first_pk + min(count, start + CHUNK)):
                source = rng.choice(self.sources)
                message_ids[source.pk] += 1
                language = "ru" if rng.random() < 0.3 else "en"
                kind = rng.choices(self.kinds, cum_weights=self.kind_weights)[0]
                people = self._pick(
                    self.people, self.people_weights, rng.choice((0, 1, 1, 2, 2, 3))
                )
                tags = self._pick(self.hashtags, self.hashtag_weights, rng.choice((0, 0, 1, 2)))
                title, text = self._texts(language, kind, people, tags)
                published = START + timedelta(seconds=int(span * rng.random() ** 0.7))
                rows.append(
                    (
                        pk,
                        source,
                        message_ids[source.pk],
                        published,
                        kind,
                        title,
                        text,
                        language,
                        names_text(((p.name, p.aliases) for p in people), (t.name for t in tags)),
                    )  # fmt: skip
                )
                people_links += [(pk, person.pk) for person in people]
                tag_links += [(pk, tag.pk) for tag in tags]
            yield rows, people_links, tag_links

    def _pick(self, items, weights, count: int) -> list:
        return list(
            {id(x): x for x in self.rng.choices(items, cum_weights=weights, k=count)}.values()
        )

    def _texts(self, language: str, kind: str, people: list[Participant], tags) -> tuple[str, str]:
        rng = self.rng
        names = [rng.choice(person.spellings) for person in people]
        a = names[0] if names else ("the Minister" if language == "en" else "Министра")
        b = names[1] if len(names) > 1 else rng.choice(COUNTRIES)
        role = people[0].role if people else "Foreign Minister"
        topic = rng.choice(COUNTRIES)
        title = TITLES[language][kind].format(a=a, b=b, role=role, topic=topic)
        pool = self.pools[language]
        words_wanted = rng.randint(60, 260)
        sentences, words = [], 0
        if names:
            sentences.append(f"{' and '.join(names)}.")
        while words < words_wanted:
            sentence = rng.choice(pool)
            sentences.append(sentence)
            words += sentence.count(" ") + 1
        sentences += [tag.name for tag in tags]
        return title, " ".join(sentences)


COLUMNS = [
    "id",
    "source_id",
    "source_message_id",
    "source_url",
    "published_at",
    "sort_date",
    "kind",
    "title",
    "text",
    "language",
    "participant_text",  # the names text column
    "content_hash",
    "status",
    "created_at",
    "updated_at",
]
# Written with their Django defaults, which the database itself does not have.
CONSTANT_COLUMNS = {
    "event_date_text": "",
    "location": "",
    "forwarded_from": "",
    "forwarded_from_id": "",
    "external_id": "",
    "media": "",
    "media_count": 0,
    "links": "[]",
    "mentions": "[]",
    "import_hash": "",
    "text_fingerprint": "",
    "raw": "{}",
    "editor_fields": "{}",
}
# Built after the rows are in: one pass each instead of an update per row.
DEFERRED_INDEXES = [
    "statement_search_gin",
    "statement_title_trgm",
    "statement_sort_date_idx",
    "statement_sort_date_asc_idx",
    "statement_source_date_idx",
    "search_row_gin",
    "search_row_head_gin",
    "search_row_date_idx",
    "search_row_date_asc_idx",
]


class CorpusError(Exception):
    """The corpus cannot be generated here; the message says why."""


def generate(count: int, seed: int = 1, sources: int = 40, people: int = 400, hashtags: int = 60,
             report=print) -> dict:  # fmt: skip
    """Add `count` generated statements to an archive without one; returns timings."""
    if count < 0:
        raise CorpusError("--statements must be 0 or more")
    if Source.objects.filter(slug__startswith="corpus-").exists():
        raise CorpusError(
            "This archive already has a generated corpus; use a fresh database "
            "(e.g. DATABASE_URL=… or ARCHIVE_DATA_DIR=…) to generate another."
        )
    held = {"statements": Statement.objects.count(), "participants": Participant.objects.count()}
    if any(held.values()):
        # Its made-up people would collide with real ones, and its statements mix with them.
        holding = " and ".join(f"{number:,} {what}" for what, number in held.items() if number)
        raise CorpusError(
            f"This archive already holds {holding}; generate the corpus into a fresh "
            "database (e.g. DATABASE_URL=… or ARCHIVE_DATA_DIR=…)."
        )
    writer = CorpusWriter(seed)
    timings = {}
    began = time.perf_counter()
    with transaction.atomic():
        writer.create_people_and_places(sources, people, hashtags)
        first_pk = _reserve_ids(count)
        indexes = _drop_indexes()
        written = 0
        copy_began = time.perf_counter()
        for rows, people_links, tag_links in writer.statements(count, first_pk):
            _copy_statements(rows)
            for name, link_rows in (("participant", people_links), ("hashtag", tag_links)):
                _copy_links(LINK_MODELS[name]._meta.db_table, f"{name}_id", link_rows)
            written += len(rows)
            elapsed = time.perf_counter() - copy_began
            report(f"{written:,} statements written ({written / elapsed:,.0f}/s)")
        timings["write_seconds"] = time.perf_counter() - copy_began
        index_began = time.perf_counter()
        with connection.cursor() as cursor:
            # Check the deferred foreign keys now: indexes cannot be built while they wait.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for sql in indexes:
            report(f"building {sql.split()[2]}")
            with connection.cursor() as cursor:
                cursor.execute(sql)
        timings["index_seconds"] = time.perf_counter() - index_began
    analyse_began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyze_seconds"] = time.perf_counter() - analyse_began
    words_began = time.perf_counter()
    refresh_words()  # as an import does: "Did you mean" reads the archive's words
    timings["words_seconds"] = time.perf_counter() - words_began
    timings["total_seconds"] = time.perf_counter() - began
    timings["statements_per_second"] = count / timings["write_seconds"] if count else 0
    return timings


def _reserve_ids(count: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('statements_statement', 'id'), "
            "coalesce((SELECT max(id) FROM statements_statement), 0) + %s)",
            [count],
        )
        last = cursor.fetchone()[0]
    return last - count + 1


def _drop_indexes() -> list[str]:
    """Drop the indexes rebuilt after the load; returns the statements recreating them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [DEFERRED_INDEXES],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _, definition in found]


def _copy_statements(rows) -> None:
    now = datetime.now(UTC)
    constant = list(CONSTANT_COLUMNS.values())
    names = ", ".join([*COLUMNS, *CONSTANT_COLUMNS])
    sql = f"COPY statements_statement ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for pk, source, message_id, published, kind, title, text, language, names in rows:
            digest = hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()
            copy.write_row(
                (
                    pk,
                    source.pk,
                    message_id,
                    f"https://t.me/{source.handle}/{message_id}",
                    published,
                    sort_date_for(published, None),
                    kind,
                    title,
                    text,
                    language,
                    names,
                    digest,
                    Statement.Status.PUBLISHED,
                    now,
                    now,
                    *constant,
                )  # fmt: skip
            )


def _copy_links(table: str, column: str, rows) -> None:
    if not rows:
        return
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} (statement_id, {column}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def channel_export(path, messages: int, name: str = "Generated channel", words: int = 120):
    """A Telegram channel export (result.json) of `messages` plain posts a minute apart:
    for tests and benchmarks that import, or kill an import of, a file of some size."""
    rng = random.Random(messages)
    vocabulary = ["talks", "cooperation", "security", "energy", "dialogue", "settlement"]
    start = int(START.timestamp())
    data = {
        "name": name,
        "type": "public_channel",
        "id": 700000 + messages,
        "messages": [
            {
                "id": number,
                "type": "message",
                "date": datetime.fromtimestamp(start + number * 60, UTC).strftime(
                    "%Y-%m-%dT%H:%M:%S"
                ),
                "date_unixtime": str(start + number * 60),
                "text": f"{name}, statement {number}. "
                + " ".join(rng.choices(vocabulary, k=words)),
            }
            for number in range(1, messages + 1)
        ],
    }
    path.write_text(json.dumps(data))
    return path


def describe(count: int, timings: dict) -> str:
    """One line on how long generating `count` statements took."""
    return (
        f"{count:,} statements: written in {timings['write_seconds']:.1f} s "
        f"({timings['statements_per_second']:,.0f}/s), indexes built in "
        f"{timings['index_seconds']:.1f} s, analysed in {timings['analyze_seconds']:.1f} s, "
        f"words read in {timings['words_seconds']:.1f} s; {timings['total_seconds']:.1f} s in all"
    )
