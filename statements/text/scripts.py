"""The scripts texts are written in, and the marks search folds away: the character classes
language detection, folding and the search index share.

The SQL function archive_search_text (migration 0012) writes the same classes for the index;
tests/text/test_scripts.py checks that the two agree.
"""

import re

# Letters of each script (ranges for a regex character class).
SCRIPTS = {
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u04ff",
    "arabic": "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9"
    "\ufb50-\ufdff\ufe70-\ufefc",
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff",
    "kana": "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
    "hebrew": "\u05d0-\u05ea\u05f0-\u05f2",
    "devanagari": "\u0900-\u097f",
    "thai": "\u0e00-\u0e7f",
    "georgian": "\u10a0-\u10ff",
    "armenian": "\u0531-\u0587",
}

# Chinese, Japanese and Korean are written without spaces between words (Korean with spaces
# between phrases): archive_search_text cuts them into overlapping pairs of characters, as
# Lucene's CJK analyzer does, in the index and in a query word alike.
CJK = SCRIPTS["han"] + SCRIPTS["kana"] + SCRIPTS["hangul"]
CJK_CHARACTER = re.compile(f"[{CJK}]")

# Arabic vowel marks (tashkeel), Quranic annotation signs and the tatweel (ـ, a stretch of the
# line): optional in writing, so المسلِمات is المسلمات.
ARABIC_MARKS = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640"
)
# The modifier letters transliterations write ʿayn and hamza with (ʿUthaymīn, Qurʾān).
TRANSLITERATION_MARKS = "\u02bb-\u02bf"
FOLDED_MARKS = re.compile(f"[{ARABIC_MARKS}{TRANSLITERATION_MARKS}]")


def has_cjk(text: str) -> bool:
    return not text.isascii() and CJK_CHARACTER.search(text) is not None
