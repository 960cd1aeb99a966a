"""Reading export files as text: every failure is an UnreadableFile saying why."""

from collections.abc import Iterator
from pathlib import Path

from statements.importers.records import UnreadableFile

HEAD_BYTES = 8192


def read_head(path: Path) -> str:
    """The file's first kilobytes as text, or UnreadableFile saying why not."""
    try:
        with path.open("rb") as file:
            data = file.read(HEAD_BYTES)
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
