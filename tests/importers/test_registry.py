"""The format registry: its contract is checked, and detection needs no if-chain."""

import subprocess
import sys
from pathlib import Path

import pytest

from statements.importers import registry
from statements.importers.records import Format, UnreadableFile


def never(head: str) -> bool:
    return False


def no_records(path, zone):
    return iter(())


def test_every_format_keeps_the_contract_and_is_listed_in_detection_order():
    assert list(registry.FORMATS) == [
        "telegram-json",
        "telegram-html",
        "tme-html",
        "jsonl",
        "csv",
        "tme-text",
    ]
    for name, format in registry.FORMATS.items():
        assert isinstance(format, Format) and format.name == name


@pytest.mark.parametrize(
    ("candidate", "error"),
    [
        (object(), TypeError),
        (Format("", never, no_records), TypeError),
        (Format("odd", "not callable", no_records), TypeError),
        (Format("csv", never, no_records), ValueError),
    ],
)
def test_a_format_that_breaks_the_contract_is_refused(candidate, error):
    with pytest.raises(error):
        registry.register(candidate)


def test_a_csv_header_outweighs_a_json_lines_file_name():
    head = "text,title\nhello,world\n"
    assert registry.detect_format(Path("rows.jsonl"), head).name == "csv"
    assert registry.detect_format(Path("rows.jsonl"), '{"text": "x"}\n').name == "jsonl"
    with pytest.raises(UnreadableFile, match="is empty"):
        registry.detect_format(Path("rows.csv"), "  \n")


def test_format_parsers_import_no_django():
    parsers = [
        "statements.importers.records",
        "statements.importers.files",
        "statements.importers.registry",
        *(f"statements.importers.{name}" for name in ("tabular", "telegram_json")),
        *(f"statements.importers.{name}" for name in ("telegram_html", "tme_html", "tme_text")),
    ]
    code = f"import sys; [__import__(m) for m in {parsers!r}]; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
