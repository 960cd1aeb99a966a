"""Text as the archive keeps and compares it: cleaned, folded, without emoji; its
hashtags, and the hash and fingerprint that tell two copies of one post.
"""

import hashlib
import re
import unicodedata

from statements.text.scripts import FOLDED_MARKS

# Control characters: never kept in text (they would collide with search's highlight markers).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Pictographs, flags, keycaps and the joiners and selectors that build emoji.
EMOJI_MODIFIERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def is_emoji(char: str) -> bool:
    return (
        char in EMOJI_MODIFIERS
        or unicodedata.category(char) == "So"
        or 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tones
        or 0xE0020 <= ord(char) <= 0xE007F  # tag characters of subdivision flags
    )


def strip_emoji(text: str) -> str:
    if text.isascii():
        without = text
    else:
        without = "".join(" " if char > "\x7f" and is_emoji(char) else char for char in text)
    return re.sub(r"[ \t]+", " ", without).strip()


def unix_newlines(text: str) -> str:
    """Line breaks as the archive stores them: LF, never CRLF (files from Windows, and
    every textarea a browser submits) or a lone CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """NFC, no control characters, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", unix_newlines(text))
    text = CONTROL_CHARACTERS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_title(text: str) -> tuple[str, str]:
    """The headline (first line, emoji stripped) and the body after it.

    A one-line post is its own title and body.
    """
    lines = text.strip().split("\n", 1)
    title = strip_emoji(lines[0])
    body = lines[1].strip() if len(lines) > 1 else text.strip()
    if not title:
        return split_title(body) if len(lines) > 1 else ("", text.strip())
    return title, body


def content_hash(title: str, text: str) -> str:
    normalised = " ".join(f"{title}\n{text}".split())
    return hashlib.sha256(normalised.encode()).hexdigest()


NON_WORD = re.compile(r"[\W_]+")


# Shorter texts ("#Lavrov", "Briefing") are too common to say two posts are one.
MIN_FINGERPRINT_LETTERS = 80


def text_fingerprint(title: str, text: str, folded: str | None = None) -> str:
    """The same words whatever the emoji, punctuation, case, diacritics and line breaks:
    a post scraped from the web preview and the same post in an export match.
    Empty for texts too short to tell."""
    folded = fold(f"{title}\n{text}") if folded is None else folded
    letters_and_digits = NON_WORD.sub("", folded)
    if len(letters_and_digits) < MIN_FINGERPRINT_LETTERS:
        return ""
    return hashlib.sha256(letters_and_digits.encode()).hexdigest()


HASHTAG = re.compile(r"(?<![\w#&])#(\w{1,100})")


def extract_hashtags(text: str) -> list[str]:
    """Hashtags in order of first appearance, case-insensitively unique, with '#'."""
    seen, found = set(), []
    for match in HASHTAG.finditer(text):
        tag = match.group(1)
        if tag.isdigit() or tag.casefold() in seen:
            continue
        seen.add(tag.casefold())
        found.append(f"#{tag}")
    return found


COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without diacritics: Đurić → duric, Vučić → vucic, Ёлка → елка, without
    Arabic vowel marks and transliteration marks: المسلِمات → المسلمات, ʿUthaymīn → uthaymin.

    й stays й: in Russian it is a letter of its own, not и with a mark.
    """
    if text.isascii():
        return text.lower()
    text = FOLDED_MARKS.sub("", text)
    text = text.replace("đ", "d").replace("Đ", "D").replace("ё", "е").replace("Ё", "Е")
    text = text.replace("й", "\ue000").replace("Й", "\ue001")
    decomposed = COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return decomposed.replace("\ue000", "й").replace("\ue001", "Й").lower()
