"""Plain-text scrapes of a channel's public web preview (t.me/s/<channel>).

Such a scrape is the page's text, line by line:

    Forwarded from Russian MFA 🇷🇺                 (optional)
    This media is not supported in your browser   (optional media stub)
    VIEW IN TELEGRAM
    🇷🇺🇷🇸 Headline line
    body lines…
    #Hashtag
    body lines…                                   (the text again, often without its
    #Hashtag                                       headline: the preview's expanded copy)

Posts are split at "Forwarded from" lines and after each post's repeated copy;
with neither, at lines made only of hashtags.
"""

import re

from statements.importers.records import ParsedRecord

FORWARDED = re.compile(r"^Forwarded from\s+(?P<name>.+)$")
MEDIA_STUBS = {
    "this media is not supported in your browser",
    "view in telegram",
    "please open telegram to view this post",
}
HASHTAG_LINE = re.compile(r"^(?:#\w+[\s,]*)+$")
VIEWS_OR_TIME = re.compile(
    r"^(?:[\d.,]+[KM]?\s+views?|edited|\d{1,2}:\d{2}|[\d.,]+[KM]?\s+views?\s+(?:edited\s+)?\d{1,2}:\d{2})$",
    re.IGNORECASE,
)


def looks_like_tme_text(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and not stripped.startswith(("{", "[", "<"))


def parse(text: str) -> list[ParsedRecord]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    records = []
    for segment in _segments(lines):
        records.extend(_split_segment(segment))
    return records


def _segments(lines):
    """Runs of lines between "Forwarded from" headers, with stubs taken out.

    Yields dicts: forwarded_from, lines [(line_number, text, media_before)].
    """
    current = {"forwarded_from": "", "lines": []}
    media_pending = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        forwarded = FORWARDED.match(stripped)
        if forwarded:
            if current["lines"]:
                yield current
            current = {"forwarded_from": forwarded.group("name").strip(), "lines": []}
            continue
        if stripped.lower() in MEDIA_STUBS:
            media_pending = True
            continue
        if not stripped or VIEWS_OR_TIME.match(stripped):
            continue
        current["lines"].append((number, stripped, media_pending))
        media_pending = False
    if current["lines"]:
        yield current


def _split_segment(segment) -> list[ParsedRecord]:
    lines = segment["lines"]
    texts = [text for _, text, _ in lines]
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        positions.setdefault(text, []).append(index)

    records, start = [], 0
    while start < len(lines):
        end, resume = _post_end(texts, positions, start)
        records.append(_record(segment, lines, start, end, resume))
        start = resume
    return records


def _post_end(texts, positions, start) -> tuple[int, int]:
    """Where the post starting at `start` ends, and where the next one starts.

    The post is followed by a copy of itself (whole, or without its headline):
    find the earliest such copy. Without one, the post ends after its hashtag line.
    """
    for copy_start in _candidates(texts, positions, start):
        for body_start in (start + 1, start):
            length = copy_start - body_start
            if (
                length > 0
                and texts[copy_start : copy_start + length] == texts[body_start:copy_start]
            ):
                return copy_start, copy_start + length
    for index in range(start, len(texts)):
        if HASHTAG_LINE.match(texts[index]):
            return index + 1, index + 1
    return len(texts), len(texts)


def _candidates(texts, positions, start):
    found = set()
    for anchor in (start, start + 1):
        if anchor < len(texts):
            found.update(i for i in positions[texts[anchor]] if i > anchor)
    return sorted(found)


def _record(segment, lines, start, end, resume) -> ParsedRecord:
    post_lines = lines[start:end]
    first_line = post_lines[0][0]
    last_line = lines[resume - 1][0]
    had_media = any(media for _, _, media in lines[start:resume])
    text = "\n".join(text for _, text, _ in post_lines)
    return ParsedRecord(
        text=text,
        position=f"lines {first_line}–{last_line}",
        forwarded_from=segment["forwarded_from"],
        media="unknown" if had_media else "",
        raw={
            "format": "tme-text",
            "lines": [first_line, last_line],
            "forwarded_from": segment["forwarded_from"],
            "had_media_stub": had_media,
            "text": text,
        },
    )
