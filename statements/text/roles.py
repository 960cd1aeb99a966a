"""Who took part in what a statement tells of and who it only names, from the structure of
the text: the head (the title, then the lead's first sentence) of a meeting, call, remarks,
press-conference or signing post names those who took part; so do the speaker labels of a
transcript ("Sergey Lavrov: …"). Everyone else the text names is mentioned.

English, Russian and Serbian (Latin and Cyrillic); the patterns are matched on folded text
(lower case, no diacritics: sastao, razgovarao, состоялся).
"""

import re
from typing import TypeVar

from statements.text.names import Named, ParticipantMatcher
from statements.text.normalize import fold

PARTICIPANT = "participant"
MENTIONED = "mentioned"
NamedT = TypeVar("NamedT", bound=Named)

# What makes a head tell of an event people took part in.
EVENT_PATTERNS = {
    "meeting": [
        r"\bmeet(?:s|ing)?\b",
        r"\bmet\b",
        r"\btalks\b",
        r"встреч",
        r"встретил",
        r"переговор",
        r"\bsasta(?:o|la|li|nak|nku|jem)\b",
        r"\bsrea?o\b",
        r"саста(?:о|ла|ли|нак|нку)",
        r"разговор(?:и|а)? са\b",
        r"\brazgovor(?:i|a)? sa\b",
    ],
    "call": [
        r"\b(?:tele)?phone\b",
        r"\bcall\b",
        r"телефон",
        r"\btelefon",
        r"\brazgovara(?:o|la|li)\b",
        r"разговара(?:о|ла|ли)",
    ],
    "remarks": [
        r"\bremarks\b",
        r"\bspeech\b",
        r"\baddress(?:ed)?\b",
        r"\bstatement by\b",
        r"\bcomment by\b",
        r"'s (?:statement|comment)\b",
        r"\binterview\b",
        r"вступительн",
        r"выступлени",
        r"\bвыступил",
        r"интервью",
        r"\buvodn",
        r"\bobra(?:tio|canje)",
        r"\bgovor\b",
        r"\bintervju",
        r"уводн",
        r"обра(?:тио|ћање)",
        r"интервју",
    ],
    "press conference": [
        r"\b(?:press|news) conference\b",
        r"\bmedia questions\b",
        r"пресс-конференц",
        r"вопросы сми",
        r"\bkonferencij\w* za (?:medije|novinare)",
        r"конференциј\w* за (?:медије|новинаре)",
    ],
    "signing": [r"\bsign(?:ed|ing)\b", r"подписал", r"подписани", r"\bpotpisa", r"потписа"],
}
EVENT = re.compile("|".join(p for patterns in EVENT_PATTERNS.values() for p in patterns))

# After these, a head names people who are talked about, not people who took part:
# "… on behalf of President Putin", "по поручению Президента", "povodom izjave …".
MENTION_MARKERS = re.compile(
    r"\bon behalf of\b|\binstructions? (?:of|from)\b|\bmessage (?:from|of)\b"
    r"|\bgreetings (?:from|of)\b|\bregarding\b|\bin connection with\b|\bconcerning\b"
    r"|по поручению|от имени|послани|по поводу|в связи с"
    r"|\bu ime\b|\bpo nalogu\b|\bpovodom\b|у име|по налогу|поводом"
)

MENTION_PHRASE = re.compile(rf"(?:{MENTION_MARKERS.pattern})[^,;]*")

# A sentence ends after a word of two lower-case letters or a digit (not after "Mr." or the
# initials of "S.V. Lavrov").
LOWER = r"[a-zа-џšđčćž0-9)»\"”]"
SENTENCE_END = re.compile(rf"(?<={LOWER}{LOWER})[.!?]\s+")
SPEAKER_LABEL = re.compile(r"^[^\w\n]*([^\W\d_][^:\n]{1,60}):", re.MULTILINE)


def first_sentence(text: str) -> str:
    """The first sentence of a text's first paragraph."""
    paragraph = text.strip().split("\n", 1)[0] if text.strip() else ""
    return SENTENCE_END.split(paragraph, maxsplit=1)[0]


def event_clause(sentence: str) -> str:
    """The part of a head sentence naming who took part, if it tells of an event (otherwise
    nothing): the sentence without its mention phrases (from a marker to the next comma)."""
    folded = fold(sentence)
    if not EVENT.search(folded):
        return ""
    # Folding keeps a sentence's length but for rare compatibility characters (ligatures).
    kept = sentence if len(folded) == len(sentence) else folded
    spans = [(m.start(), m.end()) for m in MENTION_PHRASE.finditer(folded)]
    for start, end in reversed(spans):
        kept = kept[:start] + " " + kept[end:]
    return kept


def took_part_passages(title: str, text: str) -> list[str]:
    """The passages of a statement that name those who took part: the event clause of the
    title (else of the lead's first sentence), and the transcript's speaker labels."""
    clause = event_clause(first_sentence(title)) or event_clause(first_sentence(text))
    passages = [clause] if clause else []
    passages += [label.strip() for label in SPEAKER_LABEL.findall(text)]
    return passages


def who_took_part(matcher: ParticipantMatcher[NamedT], title: str, text: str) -> list[NamedT]:
    """Of the matcher's participants, those the statement names as taking part."""
    passages = took_part_passages(title, text)
    return matcher.find(*passages) if passages else []
