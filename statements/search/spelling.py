"""Names spelled like the words of a query: every spelling of a person the query names,
and close names for a search that found nothing."""

from django.contrib.postgres.search import TrigramWordSimilarity

from statements.models import Hashtag, Participant
from statements.search.query import ParsedQuery, Term
from statements.text.normalize import fold

MAX_NAMED_PEOPLE = 20
CLOSE_NAME_SIMILARITY = 0.4


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
    found = {"participants": [], "hashtags": []}
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
    return {name: items[:limit] for name, items in found.items()}
