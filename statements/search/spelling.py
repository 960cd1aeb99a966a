"""Names and words spelled like the words of a query: every spelling of a person the
query names, close names for a search that found nothing, and "Did you mean" from the
archive's own vocabulary."""

from django.contrib.postgres.search import TrigramWordSimilarity

from statements.models import Hashtag, Participant
from statements.search.query import ParsedQuery, Term
from statements.search.words import MIN_WORD_LENGTH, Word, statements_holding, words_like
from statements.text.edits import edit_distance, shares_something
from statements.text.normalize import fold

MAX_NAMED_PEOPLE = 20
CLOSE_NAME_SIMILARITY = 0.4
# A search finding this many statements or fewer is offered a correction of its spelling.
FEW_FOUND = 3
# Words of one query looked up for a correction (one indexed lookup each).
CORRECTED_WORDS = 5


def participant_spellings(parsed: ParsedQuery) -> dict[Term, list[str]]:
    """Every spelling of each participant whose name or alias is a word of the query, by
    the term that names them."""
    terms_by_word: dict[str, list[Term]] = {}
    for term in parsed.positive_terms:
        if not term.prefix:
            terms_by_word.setdefault(fold(term.text), []).append(term)
    if not terms_by_word:
        return {}
    candidates = Participant.objects.none()
    for word in terms_by_word:
        candidates |= Participant.objects.spelled_like(word)
    spellings: dict[Term, list[str]] = {}
    for participant in candidates[:MAX_NAMED_PEOPLE]:
        folded = {fold(s) for s in participant.spellings}
        parts = " ".join(folded).split()
        for word, terms in terms_by_word.items():
            if word in folded or word in parts:
                for term in terms:
                    spellings.setdefault(term, []).extend(participant.spellings)
    return spellings


def close_names(parsed: ParsedQuery, limit: int = 5) -> dict:
    """Participants and hashtags spelled like the query's words (trigram similarity),
    for a search that found nothing: "Lavorv" → Sergey Lavrov."""
    words = [t.text for t in parsed.positive_terms if len(t.text) >= 3][:5]
    found: dict[str, list] = {"participants": [], "hashtags": []}
    for word in words:
        people = (
            Participant.objects.annotate(similarity=TrigramWordSimilarity(word, "name"))
            .filter(similarity__gte=CLOSE_NAME_SIMILARITY)
            .order_by("-similarity")[:limit]
        )
        tags = (
            Hashtag.objects.annotate(similarity=TrigramWordSimilarity(word, "name"))
            .filter(similarity__gte=CLOSE_NAME_SIMILARITY)
            .order_by("-similarity")[:limit]
        )
        found["participants"] += [p for p in people if p not in found["participants"]]
        found["hashtags"] += [h for h in tags if h not in found["hashtags"]]
    query = " ".join(words)
    return {
        name: [item for item in items if shares_something(query, item.name)][:limit]
        for name, items in found.items()
    }


def corrected_query(parsed: ParsedQuery) -> str | None:
    """The query as written with each word the archive lacks, or hardly has, replaced by
    the archive's word spelled nearly alike that more statements hold (fewest edits first,
    then the most statements): "Lavorv kosovo" → "Lavrov kosovo". None when no word has a
    better spelling."""
    replaced: dict[str, str] = {}
    terms = [t for t in parsed.positive_terms if not t.phrase and not t.prefix]
    words = {
        term: fold(term.text)
        for term in terms[:CORRECTED_WORDS]
        if len(term.text) >= MIN_WORD_LENGTH and fold(term.text).isalpha()
    }
    # A word many statements hold is no typo: only the others are looked up by trigrams.
    held = statements_holding(list(words.values()))
    for term, folded in words.items():
        if held.get(folded, 0) > FEW_FOUND:
            continue
        better = better_spelling(folded, words_like(folded))
        if better:
            token = parsed.token_of(term)
            replaced[token] = written_like(token, better)
    if not replaced:
        return None
    return " ".join(replaced.get(token, token) for token in parsed.tokens)


def better_spelling(word: str, alike: list[Word]) -> str | None:
    """Of the archive's words alike, the one a typist most likely meant: at most one edit
    away for a short word (two for a longer one), held by more statements than the word."""
    own = next((found.statements for found in alike if found.word == word), 0)
    most_edits = 1 if len(word) <= 5 else 2
    candidates = [
        (edit_distance(word, found.word), -found.statements, found.word)
        for found in alike
        if found.statements > own
    ]
    best = min((c for c in candidates if c[0] <= most_edits), default=None)
    return best[2] if best else None


def written_like(token: str, word: str) -> str:
    """The word in the case the token was written in (Lavorv → Lavrov, NATO stays upper)."""
    if token.isupper() and len(token) > 1:
        return word.upper()
    if token[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
