"""The formats the archive imports: which one a file is, and its records.

Formats are registered in the order detection tries them (and the order the
import command and the admin's upload form list them).
"""

from collections.abc import Iterable, Iterator
from datetime import tzinfo
from itertools import chain
from pathlib import Path

from statements.importers import tabular, telegram_html, telegram_json, tme_html, tme_text
from statements.importers.files import read_head
from statements.importers.records import Format, Record, UnreadableFile

FORMATS: dict[str, Format] = {}


def register(format: Format) -> Format:
    """Add a format, checking first that it keeps the contract every format keeps."""
    if not isinstance(format, Format):
        raise TypeError(f"{format!r} is not a Format")
    if not format.name or not isinstance(format.name, str):
        raise TypeError(f"{format!r} has no name")
    for method in ("looks_like", "records"):
        if not callable(getattr(format, method)):
            raise TypeError(f"format {format.name!r}: {method} is not callable")
    if format.name in FORMATS:
        raise ValueError(f"format {format.name!r} is registered already")
    FORMATS[format.name] = format
    return format


for _format in (
    telegram_json.FORMAT,
    telegram_html.FORMAT,
    tme_html.FORMAT,
    tabular.JSONL,
    tabular.CSV,
    tme_text.FORMAT,
):
    register(_format)


def detect_format(path: Path, head: str) -> Format:
    """The format of a file, by a certain mark in its head, its name's ending, then
    the marks of each format in turn."""
    if not head.strip():
        raise UnreadableFile(f"{path}: is empty")
    suffix = path.suffix.lower()
    formats = FORMATS.values()
    found = chain(
        (f for f in formats if f.certain and f.looks_like(head)),
        (f for f in formats if suffix in f.suffixes),
        (f for f in formats if f.looks_like(head)),
    )
    format = next(found, None)
    if format is not None:
        return format
    looks = "JSON" if head.lstrip("\ufeff \r\n").startswith(("{", "[")) else "text or HTML"
    raise UnreadableFile(
        f"{path}: is {looks} but not a format the archive can import (Telegram JSON or HTML "
        "export, saved t.me/s page, web-preview scrape, JSON Lines, CSV)"
    )


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to import: folders give their files; an HTML export folder stays whole, and
    an HTML export of a whole account gives each of its chat folders (each its own source,
    as each chat of a JSON account export is)."""
    expanded = []
    for path in paths:
        if path.is_dir() and (path / "messages.html").exists():
            expanded.append(path)
        elif path.is_dir() and (chats := account_chat_folders(path)):
            expanded.extend(chats)
        elif path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if not files:
                raise UnreadableFile(f"{path}: is an empty folder")
            expanded.extend(files)
        else:
            expanded.append(path)
    return expanded


def account_chat_folders(folder: Path) -> list[Path]:
    """The chat folders of a whole-account HTML export (chats/chat_001/messages.html…),
    given its folder or its chats folder; none for any other folder."""
    chats = folder / "chats" if (folder / "chats").is_dir() else folder
    return sorted(
        (chat for chat in chats.glob("chat_*") if (chat / "messages.html").is_file()),
        key=lambda chat: (len(chat.name), chat.name),
    )


def open_records(path: Path, format_name: str, zone: tzinfo) -> tuple[str, Iterator[Record]]:
    """The format's name, and the file's records: parsed lazily, when the import of this
    file reads them (inside its transaction), never all files up front."""
    if path.is_dir():
        format = next(f for f in FORMATS.values() if f.folders)
        return format.name, format.records(path, zone)
    head = read_head(path)
    if format_name == "auto":
        format = detect_format(path, head)
    elif format_name in FORMATS:
        format = FORMATS[format_name]
    else:
        raise UnreadableFile(f"{path}: unknown format {format_name!r}")
    return format.name, format.records(path, zone)
