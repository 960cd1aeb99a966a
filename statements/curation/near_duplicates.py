"""Near duplicates: pairs of statements published close together with nearly the same words.

The word 3-shingles of each text are reduced to a bottom-k sketch (its k smallest shingle
hashes). Texts whose Jaccard similarity is high share a sketch value with near certainty,
so only statements within the window that share one are compared, through an index of
the sketch values in that sliding window; the candidates' exact Jaccard similarity decides.
"""

import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.db.models import F

from statements.models import Statement
from statements.text.normalize import fold

SHINGLE_WORDS = 3
MIN_WORDS = 30  # shorter texts are too alike by chance ("Briefing by the Spokeswoman")
SKETCH_SIZE = 8
# A sketch value shared by very many statements in the window (a channel's signature line):
# only its latest statements are compared, or one boilerplate would make every pair a candidate.
MAX_BUCKET = 100
READ_CHUNK = 2000

WORD = re.compile(r"\w+")


class Shingler:
    """Word 3-shingles of a text as integers, the same in every run."""

    def __init__(self) -> None:
        self.word_hashes: dict[str, int] = {}

    def shingles(self, title: str, text: str) -> frozenset[int]:
        """Empty for texts under MIN_WORDS words."""
        words = WORD.findall(fold(f"{title}\n{text}"))
        if len(words) < MIN_WORDS:
            return frozenset()
        hashes = self.word_hashes
        new_words = set(words).difference(hashes)
        if len(hashes) + len(new_words) > 1_000_000:  # a bound on memory over a huge archive
            hashes.clear()
            new_words = set(words)
        for word in new_words:
            hashes[word] = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest())
        ids = list(map(hashes.__getitem__, words))
        # Hashes of tuples of ints do not depend on PYTHONHASHSEED.
        return frozenset(map(hash, zip(*(ids[n:] for n in range(SHINGLE_WORDS)), strict=False)))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


class NearDuplicates:
    """One pass over the statements in date order, finding pairs within `window` of each
    other whose shingle sets are at least `threshold` alike (Jaccard)."""

    def __init__(self, window: timedelta, threshold: float, start: datetime | None) -> None:
        self.window = window
        self.threshold = threshold
        self.start = start
        self.read = 0

    def rows(self) -> Iterator[tuple[int, datetime, str, str]]:
        rows = Statement.objects.filter(sort_date__isnull=False)
        if self.start:
            rows = rows.filter(sort_date__gte=self.start - self.window)
        # The order of the sort_date index, read backwards.
        rows = rows.order_by(F("sort_date").asc(nulls_first=True), "id")
        return rows.values_list("id", "sort_date", "title", "text").iterator(chunk_size=READ_CHUNK)

    def pairs(self) -> Iterable[tuple[int, int]]:
        shingler = Shingler()
        recent: deque[tuple] = deque()  # (sort_date, id, sketch, shingles), oldest first
        by_sketch_value: dict[int, deque] = {}
        for pk, sort_date, title, text in self.rows():
            self.read += 1
            while recent and recent[0][0] < sort_date - self.window:
                # Evicted in the order they came, so each is first in its buckets.
                for value in recent.popleft()[2]:
                    bucket = by_sketch_value[value]
                    bucket.popleft()
                    if not bucket:
                        del by_sketch_value[value]
            shingles = shingler.shingles(title, text)
            if not shingles:
                continue
            sketch = sorted(shingles)[:SKETCH_SIZE]
            candidates = {}
            for value in sketch:
                for entry in islice(reversed(by_sketch_value.get(value, ())), MAX_BUCKET):
                    candidates[entry[1]] = entry[3]
            for other_pk, other in candidates.items():
                # Jaccard >= t needs the smaller set to be at least t times the larger.
                sizes = len(shingles), len(other)
                if min(sizes) >= self.threshold * max(sizes) and (
                    jaccard(shingles, other) >= self.threshold
                ):
                    yield other_pk, pk
            entry = (sort_date, pk, sketch, shingles)
            recent.append(entry)
            for value in sketch:
                by_sketch_value.setdefault(value, deque()).append(entry)
