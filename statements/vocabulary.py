"""The archive's fixed vocabulary: languages, search configurations, sort orders, kinds.

A leaf: it imports nothing from the app, so models, querysets and search all read it.

Text search configurations (created by migration 0001):
- archive_english / archive_russian / archive_serbian, and (migration 0012) archive_arabic,
  archive_german, archive_french, archive_spanish, archive_italian, archive_portuguese,
  archive_turkish: the language's stemmer with accents folded first (Vučić = Vucic) and
  English and Russian stop words dropped (the same stop words in every configuration, so
  a query word one of them ignores is ignored by all);
- archive_names: no stemming, accents folded, English and Russian stop words
  dropped. Participant names, aliases and hashtags are indexed with it, and so is the text
  of a language without a configuration of its own.

Before any configuration reads a text, the SQL function archive_search_text (migration
0012) folds Arabic vowel marks and transliteration marks and cuts Chinese, Japanese and
Korean into overlapping character pairs; the query's words go through the same function.
"""

from django.db import models

# Every language the detector tells (statements.text.classify), by ISO 639-1 code.
LANGUAGES = {
    "en": "English",
    "ru": "Russian",
    "sr": "Serbian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "mk": "Macedonian",
    "kk": "Kazakh",
    "ky": "Kyrgyz",
    "mn": "Mongolian",
    "tg": "Tajik",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "cs": "Czech",
    "sk": "Slovak",
    "sl": "Slovenian",
    "hr": "Croatian",
    "bs": "Bosnian",
    "ro": "Romanian",
    "hu": "Hungarian",
    "tr": "Turkish",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "et": "Estonian",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "sq": "Albanian",
    "ca": "Catalan",
    "eu": "Basque",
    "gl": "Galician",
    "ga": "Irish",
    "cy": "Welsh",
    "is": "Icelandic",
    "mt": "Maltese",
    "af": "Afrikaans",
    "id": "Indonesian",
    "ms": "Malay",
    "vi": "Vietnamese",
    "tl": "Tagalog",
    "sw": "Swahili",
    "az": "Azerbaijani",
    "uz": "Uzbek",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "fa": "Persian",
    "ur": "Urdu",
    "ps": "Pashto",
    "ug": "Uyghur",
    "he": "Hebrew",
    "el": "Greek",
    "hi": "Hindi",
    "mr": "Marathi",
    "ne": "Nepali",
    "th": "Thai",
    "ka": "Georgian",
    "hy": "Armenian",
}

# Languages searched with their own stemmer (a PostgreSQL Snowball configuration, made by
# migrations 0001 and 0012); every other language with NAMES_CONFIG, unstemmed. Each one
# adds a branch to every query term (a query runs in all of them), so only the languages an
# archive of foreign-ministry statements holds in numbers have one.
SEARCH_CONFIGS = {
    "en": "archive_english",
    "ru": "archive_russian",
    "sr": "archive_serbian",
    "ar": "archive_arabic",
    "de": "archive_german",
    "fr": "archive_french",
    "es": "archive_spanish",
    "it": "archive_italian",
    "pt": "archive_portuguese",
    "tr": "archive_turkish",
}
NAMES_CONFIG = "archive_names"
# A query is run in every configuration at once, so a word finds its inflected forms in
# statements of any language, and names match unstemmed.
QUERY_CONFIGS = [*SEARCH_CONFIGS.values(), NAMES_CONFIG]
# The stems of these languages are looked for in their own statements only: a French stem of
# an English word is often another English word ("agreement" → agre, as "agreed" is). Their
# statements carry a marker lexeme that the query asks for along with those stems. English,
# Russian and Serbian stems are looked for everywhere, as before (names cross languages).
OWN_LANGUAGE_ONLY = ["ar", "de", "fr", "es", "it", "pt", "tr"]


def search_config(language: str) -> str:
    """The configuration a statement in the language is indexed and marked in."""
    return SEARCH_CONFIGS.get(language, NAMES_CONFIG)


def language_marker(language: str) -> str:
    """The lexeme a statement in the language carries: with a space, which no word has."""
    return f"language {language}"


SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


class Kind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    PHONE_CALL = "phone_call", "Phone call"
    REMARKS = "remarks", "Remarks"
    PRESS_CONFERENCE = "press_conference", "Press conference"
    INTERVIEW = "interview", "Interview"
    COMMENT = "comment", "Statement / comment"
    ARTICLE = "article", "Article"
    MESSAGE = "message", "Message"
    OTHER = "other", "Other"


# What people write for each kind in a search box, in English and Russian (a regular
# expression over the query's words, lower case): "phone call" offers kind:phone_call.
KIND_NAMES = {
    Kind.MEETING: r"meetings?|встреч[аиуеой]?",
    Kind.PHONE_CALL: (
        r"(?:tele)?phone (?:calls?|conversations?|talks?)"
        r"|телефонн\w* разговор\w*|разговор\w* по телефону"
    ),
    Kind.REMARKS: r"remarks|speech(?:es)?|выступлени\w*",
    Kind.PRESS_CONFERENCE: (
        r"press[- ]conferences?|news conferences?|press briefings?|briefings?"
        r"|пресс-конференци\w*|брифинг\w*"
    ),
    Kind.INTERVIEW: r"interviews?|интервью",
    Kind.COMMENT: r"comments?|statements?|комментари\w*|заявлени\w*",
    Kind.ARTICLE: r"articles?|op-eds?|стать[яиюе]",
    Kind.MESSAGE: r"messages?|сообщени\w*|послани\w*",
}


# What a statement may have (the has: filter, the "Has" facet): its text, the source's edits,
# and each kind of media the importers tell (an unrecognised one is "unknown").
HAS_TEXT, HAS_EDITS, HAS_MEDIA = "text", "edits", "media"
HAS_TRANSLATION = "translation"
MEDIA_KINDS = {
    "photo": "Photo",
    "video": "Video",
    "animation": "Animation",
    "sticker": "Sticker",
    "audio": "Audio",
    "document": "Document",
    "poll": "Poll",
    "location": "Location",
    "contact": "Contact",
    "unknown": "Other media",
}
HAS = {
    HAS_TEXT: "Text",
    HAS_EDITS: "Edits by the source",
    HAS_MEDIA: "Any media",
    HAS_TRANSLATION: "A version in another language",
    **MEDIA_KINDS,
}
