"""What kind of statement a text is, and which language it is in."""

import re

# Cues per kind. The earliest cue in the headline (else the text) wins; ties go to the first listed.
KIND_CUES = [
    (
        "phone_call",
        r"spoke (?:over|by) (?:the )?(?:tele)?phone|(?:tele)?phone (?:call|conversation|talk)s?"
        r"|телефонн\w+ разговор|по телефону",
    ),
    (
        "press_conference",
        r"news conference|press conference|press briefing|briefing"
        r"|пресс-конференц|брифинг",
    ),
    ("interview", r"\binterview|интервью"),
    (
        "remarks",
        r"\bremarks\b|\bspeech\b|\baddress(?:es|ed)? (?:at|to|the)\b"
        r"|выступлени|вступительное слово",
    ),
    ("meeting", r"\bmet\b|\bmeeting\b|\bmeets\b|held talks|\btalks with\b|встреч|переговор"),
    ("comment", r"\bcomment|\bstatement by\b|комментари|заявлени"),
    ("article", r"\barticle\b|\bop-ed\b|стать[яи]"),
]
# One alternation: the earliest cue wins, and at one place the kind listed first.
KIND_PATTERN = re.compile(
    "|".join(f"(?P<{kind}>{cues})" for kind, cues in KIND_CUES), re.IGNORECASE
)
KIND_TEXT_CHARACTERS = 2000


def detect_kind(title: str, text: str) -> str:
    """The kind whose cue comes first in the headline, else first in the text's opening.

    "Comment by the Spokeswoman on the press conference" is a comment; "Opening
    remarks at the meeting" are remarks.
    """
    for haystack in (title, text[:KIND_TEXT_CHARACTERS]):
        match = KIND_PATTERN.search(haystack)
        if match:
            return match.lastgroup
    return "message"


LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]")
CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04ff]")
SERBIAN_ONLY_WORD = re.compile(r"\w*[ђћџљњјЂЋЏЉЊЈ]\w*")
RUSSIAN_ONLY_WORD = re.compile(r"\w*[ыэъёйщЫЭЪЁЙЩ]\w*")
SERBIAN_LATIN_LETTER = re.compile("[čćđšžČĆĐŠŽ]")
# Frequent Serbian words that are not English words (so "I" or "a" do not count).
SERBIAN_LATIN_WORDS = re.compile(
    r"\b(?:je|su|sa|za|od|koji|koja|koje|što|nije|kao|ali|ili|biti|bio|bila|smo|ste|će|već|"
    r"ovo|taj|kako|kada|zbog|prema|između|godine|Srbije|Srbija|Rusije|odnosa)\b"
)


def detect_language(text: str, default: str = "en") -> str:
    """en, ru or sr from the letters and common words; the source's default when unsure."""
    text = text[:1500]  # plenty to tell, and long posts stay cheap
    if not CYRILLIC_LETTERS.search(text) and not SERBIAN_LATIN_LETTER.search(text):
        # Latin without Serbian letters (most posts): no counting needed.
        if len(LATIN_LETTERS.findall(text[:40])) < 10:
            return default
        return "en" if default in ("ru", "sr") else default
    cyrillic = CYRILLIC_LETTERS.subn("", text)[1]  # counts without a list of matches
    letters = cyrillic + LATIN_LETTERS.subn("", text)[1]
    if letters < 10:
        return default
    if cyrillic > letters / 2:
        # Words only Serbian spells (је, Ђурић) against words only Russian spells (ы, й, щ…):
        # a Serbian name in a Russian text does not make it Serbian.
        serbian = len(SERBIAN_ONLY_WORD.findall(text))
        russian = len(RUSSIAN_ONLY_WORD.findall(text))
        return "sr" if serbian > russian else "ru"
    words = text.count(" ") + 1
    serbian_words = len(SERBIAN_LATIN_WORDS.findall(text))
    serbian_letters = len(SERBIAN_LATIN_LETTER.findall(text))
    if serbian_words > words * 0.06 and serbian_letters > letters * 0.005:
        return "sr"
    # Latin script that is not Serbian: English unless the source says another Latin language.
    return "en" if default in ("ru", "sr") else default
