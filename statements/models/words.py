"""The archive's vocabulary, which "Did you mean" draws its corrections from."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models


class Word(models.Model):
    """A word of the archive (in titles, texts, names and aliases) as the names search reads
    it: lower case, diacritics folded, unstemmed. The vocabulary "Did you mean" draws
    corrections from; refreshed after imports (statements.search.words)."""

    word = models.TextField(primary_key=True)
    # Statements holding the word, counted in the sample the vocabulary was read from: it
    # ranks corrections; the count a correction shows comes from running its search.
    statements = models.PositiveIntegerField()

    class Meta:
        indexes = [GinIndex(fields=["word"], name="word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.word
