"""The words of a text as PostgreSQL's text search parser reads them (its default parser, in
a UTF-8 database): where each is, so a text's words can be told apart in Python as the
search tells them apart, without asking the database to parse every text again.

A word is a run of letters, digits and combining marks (an underscore, a hyphen or an
apostrophe ends it: PostgreSQL indexes the parts of "co-operation" as words). What the
parser reads as one token of another kind is not a word a search for words finds, so none of
its pieces is a word here: web addresses, e-mail addresses, host and file names, dotted
numbers and versions ("mid.ru", "Sputnik/RT", "U.S.", "1.5", "25.12.2024", the "end.Next" of
a missing space), all written in ASCII, and a number with its sign ("COVID-19" is "COVID"
and "-19"). tests/text/test_words.py holds these spans against the parser's on the
reference texts and on these edge cases. Known to differ, in tokens no one searches for: a
keycap digit ("1️⃣" is one token to the parser) and the name before the "@" of "mailto:".
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator

# Combining marks (Arabic vowel signs, Devanagari vowel signs, accents written apart) are
# letters to the parser; Python's \w leaves them out. Not those that shape symbols: the
# emoji and keycap ones, after an emoji in many a post.
_SYMBOL_MARKS = range(0x20D0, 0x2100), range(0xFE00, 0xFE10)
_MARK_SET = frozenset(
    chr(code)
    for code in range(0x300, 0x10000)
    if unicodedata.category(chr(code)).startswith("M")
    and not any(code in marks for marks in _SYMBOL_MARKS)
)
_MARKS = "".join(map(re.escape, sorted(_MARK_SET)))
# On the text with its underscores made spaces (an underscore ends a word, as \w does not).
WORD = re.compile(rf"[\w{_MARKS}]+")
_ASCII = "A-Za-z0-9"
_ASCII_WORD = re.compile(f"[{_ASCII}]+")
# One token of the parser that is not a word: what holds it is no word of the text.
NOT_A_WORD = re.compile(
    "|".join(
        [
            rf"(?<![{_ASCII}+.-])[A-Za-z][{_ASCII}+.-]*://[!-~]*",  # a web address, its path
            rf"(?<![{_ASCII}._%+-])[{_ASCII}._%+-]+@[{_ASCII}-]+(?:\.[{_ASCII}-]+)+",  # e-mail
            # a host or file name, a dotted number or version
            rf"(?<![\w~-])[{_ASCII}_~-]*[{_ASCII}](?:[./][{_ASCII}_~-]*[{_ASCII}])+",
            r"(?<=[-+])[0-9]+",  # a number's digits after its sign (see _not_a_part)
        ]
    )
)
# Up to this many words are looked for in a text one by one (each a fast search of it);
# more are told from its words.
LOOKED_FOR_ONE_BY_ONE = 8
# Where NOT_A_WORD may start: each is found fast (a character to look for first).
_JOINTS = (re.compile(r"\.[A-Za-z0-9]"), re.compile(r"-[0-9]"), re.compile(r"\+[0-9]"))
# A hyphenated word of letters: the number after its next hyphen is its part, unsigned.
_HYPHENATED = re.compile(r"[^\W\d_]-[^\W\d_]+\Z")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of the text starts and ends (character offsets), in order."""
    words = [match.span() for match in WORD.finditer(text.replace("_", " "))]
    if not _may_hold_other_tokens(text):
        return words
    skipped = [match.span() for match in NOT_A_WORD.finditer(text) if _not_a_part(text, match)]
    return list(_outside(words, skipped))


def words_of(text: str) -> set[str]:
    """The text's words, each once, as written."""
    return words_in([text])


def words_in(texts: Iterable[str]) -> set[str]:
    """The words of these texts, each once, as written (read together: most texts in one
    pass over them all)."""
    plain, other = [], []
    for text in texts:
        (other if _may_hold_other_tokens(text) else plain).append(text)
    together = "\n".join(plain)
    if together.isascii():  # most English texts: a smaller class of characters, read faster
        words = set(_ASCII_WORD.findall(together))
    else:
        words = set(WORD.findall(together.replace("_", " ")))
    for text in other:
        words.update(text[start:end] for start, end in word_spans(text))
    return words


def spans_of(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where the text's words that are among these (as written) start and end, in order."""
    if not words:
        return []
    if _may_hold_other_tokens(text):
        return [(start, end) for start, end in word_spans(text) if text[start:end] in words]
    if len(words) > LOOKED_FOR_ONE_BY_ONE:
        words = words & words_of(text)
    spans = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if not (_is_word_character(text, start - 1) or _is_word_character(text, end)):
                spans.append((start, end))
            start = text.find(word, start + 1)
    return sorted(spans)


def _is_word_character(text: str, index: int) -> bool:
    """Whether the character at the index (if any) is part of a word: a letter, a digit or a
    combining mark; not an underscore."""
    if not 0 <= index < len(text):
        return False
    character = text[index]
    return character.isalnum() or character in _MARK_SET


def _may_hold_other_tokens(text: str) -> bool:
    """Whether NOT_A_WORD may find anything (cheaply: most texts hold none of it)."""
    return "/" in text or "@" in text or any(joint.search(text) for joint in _JOINTS)


def _outside(
    words: list[tuple[int, int]], skipped: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """The words, or the parts of them, that no skipped span holds."""
    index = 0
    for start, end in words:
        while index < len(skipped) and skipped[index][1] <= start:
            index += 1
        while index < len(skipped) and skipped[index][0] < end:
            if skipped[index][0] > start:
                yield start, skipped[index][0]
            start = max(start, skipped[index][1])
            if skipped[index][1] > end:
                break
            index += 1
        if start < end:
            yield start, end


def _not_a_part(text: str, match: re.Match) -> bool:
    """False for the digits after a hyphenated word ("ru-miss-0"): they are its part."""
    start = match.start()
    if not text[start].isdigit() or start == 0 or text[start - 1] != "-":
        return True
    return not _HYPHENATED.search(text, max(0, start - 80), start - 1)
