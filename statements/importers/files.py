"""Reading export files as text: every failure is an UnreadableFile saying why."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from statements.importers.records import UnreadableFile

HEAD_BYTES = 8192
PAGE_HEAD_LIMIT = 1024 * 1024  # how far a saved page's <head> is read past, at most
PAGE_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


def read_head(path: Path) -> str:
    """The file's first kilobytes as text, or UnreadableFile saying why not.

    A saved web page's marks are in its body, and a page saved from the live site has
    a long <head> (og: and twitter: meta tags, inline styles): the head of an HTML file
    is the first HEAD_BYTES after its <head> element, whatever that element's length.
    """
    try:
        with path.open("rb") as file:
            data = file.read(HEAD_BYTES)
            if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                data = _read_past_page_head(file, data)
    except IsADirectoryError:
        raise UnreadableFile(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise UnreadableFile(f"{path}: is a binary file, not an export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3:  # not just a character cut at the head's end
            raise UnreadableFile(
                f"{path}: is not UTF-8 text (invalid byte at offset {exc.start})"
            ) from None
        return data[: exc.start].decode("utf-8-sig")


def _read_past_page_head(file: BinaryIO, data: bytes) -> bytes:
    """`data` read on until HEAD_BYTES past the end of the page's <head> (at most
    PAGE_HEAD_LIMIT looking for that end)."""
    while (end := PAGE_HEAD_END.search(data)) is None and len(data) < PAGE_HEAD_LIMIT:
        chunk = file.read(8 * HEAD_BYTES)
        if not chunk:
            return data
        data += chunk
    wanted = end.end() + HEAD_BYTES - len(data) if end else 0
    return data + file.read(wanted) if wanted > 0 else data


def read_text_file(path: Path) -> str:
    """The whole file as text (for formats parsed in one piece)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"{path}: is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None


def text_lines(path: Path) -> Iterator[str]:
    """Lines of a UTF-8 file, read as they are needed (memory stays flat)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        try:
            yield from file
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                f"is not UTF-8 text (invalid byte {exc.object[exc.start : exc.start + 1]!r})"
            ) from None
