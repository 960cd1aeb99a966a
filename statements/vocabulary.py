"""The archive's fixed vocabulary: languages, search configurations, sort orders, kinds.

A leaf: it imports nothing from the app, so models, querysets and search all read it.

Text search configurations (created by migration 0001):
- archive_english / archive_russian / archive_serbian: the language's stemmer with
  accents folded first (Vučić = Vucic) and the other language's stop words dropped;
- archive_names: no stemming, accents folded, English and Russian stop words
  dropped. Participant names, aliases and hashtags are indexed with it.
"""

from django.db import models

LANGUAGES = {
    "en": "English",
    "ru": "Russian",
    "sr": "Serbian",
    "uk": "Ukrainian",
    "be": "Belarusian",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "zh": "Chinese",
    "ar": "Arabic",
    "tr": "Turkish",
}

SEARCH_CONFIGS = {
    "en": "archive_english",
    "ru": "archive_russian",
    "sr": "archive_serbian",
}
NAMES_CONFIG = "archive_names"
# A query is run in every configuration at once, so a word finds its inflected forms in
# statements of any language, and names match unstemmed.
QUERY_CONFIGS = [*SEARCH_CONFIGS.values(), NAMES_CONFIG]

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
