"""What kind of statement a text is, and which language it is in."""

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from statements.text.scripts import SCRIPTS

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


# Language: the script decides where it can (Chinese, Korean, Greek…); within a script shared
# by several languages, py3langid (a Naive Bayes model over byte n-grams, shipped inside its
# package) chooses among them. Texts too short to tell take the source's language.
SCRIPT_LETTERS = {script: re.compile(f"[{letters}]") for script, letters in SCRIPTS.items()}
# An ideograph or a Hangul syllable says about as much as a word of letters.
SCRIPT_WEIGHTS = {"han": 3, "kana": 3, "hangul": 3}
# The languages a script is written in, the usual one first (what a short text is taken for).
SCRIPT_LANGUAGES = {
    "latin": [
        "en",
        "de",
        "fr",
        "es",
        "it",
        "pt",
        "nl",
        "pl",
        "cs",
        "sk",
        "sl",
        "hr",
        "bs",
        "sr",
        "ro",
        "hu",
        "tr",
        "sv",
        "da",
        "no",
        "fi",
        "et",
        "lv",
        "lt",
        "sq",
        "ca",
        "id",
        "ms",
        "vi",
        "az",
        "uz",
        "sw",
        "tl",
        "ga",
        "is",
        "eu",
        "gl",
        "af",
        "mt",
        "cy",
    ],  # fmt: skip
    "cyrillic": ["ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"],
    "arabic": ["ar", "fa", "ur", "ps", "ug"],
    "han": ["zh"],
    "kana": ["ja"],
    "hangul": ["ko"],
    "greek": ["el"],
    "hebrew": ["he"],
    "devanagari": ["hi", "mr", "ne"],
    "thai": ["th"],
    "georgian": ["ka"],
    "armenian": ["hy"],
}
# Fewer letters than this, or a weaker lead, and the model's choice is a guess.
MIN_LETTERS_TO_CLASSIFY = 20
MIN_CONFIDENCE = 0.6
# The source's language is kept while the model gives it this share or more: an English post
# full of Serbian names is not Bosnian (a prior for what the channel usually posts).
SOURCE_LANGUAGE_SHARE = 0.05
LANGUAGE_SAMPLE_CHARACTERS = 1500  # plenty to tell the script, and long posts stay cheap
MODEL_SAMPLE_CHARACTERS = 600  # the model reads every byte: this is most of its cost

CYRILLIC_LETTERS = SCRIPT_LETTERS["cyrillic"]
SERBIAN_ONLY_WORD = re.compile(r"\w*[ђћџљњјЂЋЏЉЊЈ]\w*")
RUSSIAN_ONLY_WORD = re.compile(r"\w*[ыэъёйщЫЭЪЁЙЩ]\w*")
SERBIAN_LATIN_LETTER = re.compile("[čćđšžČĆĐŠŽ]")
# Frequent Serbian words that are not English words (so "I" or "a" do not count).
SERBIAN_LATIN_WORDS = re.compile(
    r"\b(?:je|su|sa|za|od|koji|koja|koje|što|nije|kao|ali|ili|biti|bio|bila|smo|ste|će|već|"
    r"ovo|taj|kako|kada|zbog|prema|između|godine|Srbije|Srbija|Rusije|odnosa)\b"
)


def detect_language(text: str, default: str = "en") -> str:
    """The language of a text, as an ISO 639-1 code; the source's default when unsure.

    The script with the most letters decides first: Han → zh (ja when kana are among
    them), Hangul → ko, Greek → el. Serbian is told from Russian and from other Latin
    languages by its own letters and words; other languages of a shared script are chosen
    by the model, when the text is long enough and the model sure enough.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARACTERS]
    counts = _script_counts(sample)
    script = max(counts, key=lambda s: counts[s] * SCRIPT_WEIGHTS.get(s, 1), default=None)
    if script is None or counts[script] * SCRIPT_WEIGHTS.get(script, 1) < 3:
        return default
    if script in ("han", "kana"):
        kana, han = counts.get("kana", 0), counts.get("han", 0)
        return "ja" if kana * 10 >= kana + han else "zh"
    candidates = SCRIPT_LANGUAGES[script]
    fallback = default if default in candidates else candidates[0]
    if len(candidates) == 1:
        return candidates[0]
    if _is_serbian(sample, script):
        return "sr"
    if counts[script] < MIN_LETTERS_TO_CLASSIFY:
        return fallback
    shares = _shares(sample[:MODEL_SAMPLE_CHARACTERS], candidates)
    language = max(shares, key=shares.__getitem__)
    if shares[language] < MIN_CONFIDENCE or shares.get(default, 0) >= SOURCE_LANGUAGE_SHARE:
        return fallback
    return language


def _script_counts(text: str) -> dict[str, int]:
    """Letters of each script in the text (scripts it does not use are left out)."""
    if text.isascii():
        return {"latin": len(SCRIPT_LETTERS["latin"].findall(text))}
    counts = {script: letters.subn("", text)[1] for script, letters in SCRIPT_LETTERS.items()}
    return {script: count for script, count in counts.items() if count}


def _is_serbian(text: str, script: str) -> bool:
    """Words only Serbian spells (је, Ђурић) outnumber words only Russian spells (ы, й, щ…),
    or, in Latin script, frequent Serbian words and letters (č, ć, đ, š, ž) are many: a
    Serbian name in a Russian or English text does not make it Serbian."""
    if script == "cyrillic":
        return len(SERBIAN_ONLY_WORD.findall(text)) > len(RUSSIAN_ONLY_WORD.findall(text))
    if script != "latin" or not SERBIAN_LATIN_LETTER.search(text):
        return False
    words = text.count(" ") + 1
    letters = len(SCRIPT_LETTERS["latin"].findall(text))
    serbian_words = len(SERBIAN_LATIN_WORDS.findall(text))
    serbian_letters = len(SERBIAN_LATIN_LETTER.findall(text))
    return serbian_words > words * 0.06 and serbian_letters > letters * 0.005


def _shares(text: str, candidates: list[str]) -> dict[str, float]:
    """Each candidate language's share of the model's probability among them."""
    scores = {code: p for code, p in _identifier().rank(text) if code in candidates}
    total = sum(scores.values())
    if total <= 0:
        return {candidates[0]: 0.0}
    return {code: p / total for code, p in scores.items()}


@cache
def _identifier() -> LanguageIdentifier:
    """The model, loaded once per process (about a second: it is decompressed)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
