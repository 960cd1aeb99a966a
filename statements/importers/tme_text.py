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
where there is neither, after lines made only of hashtags.
"""

import re
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path

from statements.importers import service
from statements.importers.files import read_text_file
from statements.importers.records import Format, ParsedRecord, Record, SkippedRecord

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


def looks_like(head: str) -> bool:
    """Text with the marks of a web-preview scrape: forwards, media stubs or hashtag lines."""
    stripped = head.lstrip()
    if not stripped or stripped.startswith(("{", "[", "<")):
        return False
    lines = [line.strip() for line in stripped.split("\n")]
    return any(
        FORWARDED.match(line) or line.lower() in MEDIA_STUBS or HASHTAG_LINE.match(line)
        for line in lines
    )


def parse(text: str) -> list[ParsedRecord | SkippedRecord]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    records = []
    for segment in _segments(lines):
        if isinstance(segment, SkippedRecord):
            records.append(segment)
        else:
            records.extend(_split_segment(segment))
    return records


def _segments(lines):
    """Runs of lines between "Forwarded from" headers, with stubs taken out.

    Yields dicts: forwarded_from, lines [(line_number, text, media_before)]; and a
    SkippedRecord for each service line ("Channel photo updated"), which ends a post.
    """
    current = {"forwarded_from": "", "lines": []}
    media_pending = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        forwarded = FORWARDED.match(stripped)
        if forwarded or service.is_service_text(stripped):
            if current["lines"]:
                yield current
            name = forwarded.group("name").strip() if forwarded else ""
            current = {"forwarded_from": name, "lines": []}
            if not forwarded:
                media_pending = False
                yield SkippedRecord(f"line {number}", service.REASON)
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
    while start < len(texts):
        post = _next_repeated_post(texts, positions, start)
        if post is None:  # no more copies: the rest splits after hashtag lines
            for first, last in _split_after_hashtag_lines(texts, start, len(texts)):
                records.append(_record(segment, lines, first, last, last))
            break
        post_start, post_end, copy_end = post
        for first, last in _split_after_hashtag_lines(texts, start, post_start):
            records.append(_record(segment, lines, first, last, last))
        records.append(_record(segment, lines, post_start, post_end, copy_end))
        start = copy_end
    return records


# A post and its copy lie within this many lines of each other.
MAX_POST_LINES = 400


def _next_repeated_post(texts, positions, start):
    """The first post at or after `start` that is followed by its copy.

    Returns (post start, post end, copy end), or None.
    """
    for post_start in range(start, len(texts)):
        copy = _copy_after(texts, positions, post_start)
        if copy:
            return (post_start, *copy)
    return None


def _copy_after(texts, positions, start):
    """Where the post starting at `start` ends and its copy (whole, or without the
    headline) ends, if it has one.

    A copy that ends where a post can end (a hashtag line, the end of the run)
    wins; otherwise the longest one, so a line repeated inside a post is not
    taken for the start of its copy.
    """
    copies = []
    for copy_start in _candidates(texts, positions, start):
        for body_start in (start + 1, start):
            length = copy_start - body_start
            if (
                length > 0
                and texts[copy_start : copy_start + length] == texts[body_start:copy_start]
            ):
                copies.append((copy_start, copy_start + length))
                break
    for post_end, copy_end in copies:
        if copy_end == len(texts) or HASHTAG_LINE.match(texts[copy_end - 1]):
            return post_end, copy_end
    return max(copies, key=lambda copy: copy[1] - copy[0], default=None)


def _candidates(texts, positions, start):
    found = set()
    for anchor in (start, start + 1):
        if anchor < len(texts):
            found.update(
                i for i in positions[texts[anchor]] if anchor < i <= start + MAX_POST_LINES
            )
    return sorted(found)


def _split_after_hashtag_lines(texts, start, end):
    """(first, last) line ranges of the posts in texts[start:end], each ending after a
    line of hashtags (or at `end`)."""
    first = start
    for index in range(start, end):
        if HASHTAG_LINE.match(texts[index]):
            yield first, index + 1
            first = index + 1
    if first < end:
        yield first, end


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
        format="tme-text",
        raw={
            "format": "tme-text",
            "lines": [first_line, last_line],
            "forwarded_from": segment["forwarded_from"],
            "had_media_stub": had_media,
            "text": text,
        },
    )


def records(path: Path, zone: tzinfo) -> Iterator[Record]:
    """A scrape's posts; it gives no times, so `zone` is not needed."""
    yield from parse(read_text_file(path))


FORMAT = Format("tme-text", looks_like, records)
