"""The format registry: its contract is checked, and detection needs no if-chain."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from statements.importers import registry
from statements.importers.files import read_head
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
        *(f"statements.importers.{name}" for name in ("tabular", "telegram_json", "service")),
        *(f"statements.importers.{name}" for name in ("telegram_html", "tme_html", "tme_text")),
    ]
    code = f"import sys; [__import__(m) for m in {parsers!r}]; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


DATA = Path(__file__).parent.parent / "data"


def detected(path: Path) -> str:
    return registry.detect_format(path, read_head(path)).name


def test_a_page_saved_from_the_live_site_is_found_past_its_long_head(tmp_path):
    page = DATA / "tme_s_full_head.html"
    assert page.read_bytes().find(b"tgme_widget_message") > 20_000  # past what a head held
    assert detected(page) == "tme-html"
    # Whatever its name, and with a byte order mark and blank lines before it.
    renamed = tmp_path / "channel"
    renamed.write_bytes(b"\xef\xbb\xbf\r\n\n" + page.read_bytes())
    assert detected(renamed) == "tme-html"


def test_an_html_export_and_a_json_export_are_found_however_they_are_laid_out(tmp_path):
    export = (DATA / "telegram_html_export" / "messages.html").read_text()
    long_head = export.replace("</head>", "<!--" + "x" * 50_000 + "--></head>")
    (tmp_path / "page.htm").write_text(long_head)
    assert detected(tmp_path / "page.htm") == "telegram-html"

    chat = json.loads((DATA / "mfa_channel_export.json").read_text())
    (tmp_path / "compact.json").write_text(json.dumps(chat, separators=(",", ":")))
    (tmp_path / "pretty.txt").write_text(json.dumps(chat, indent=4, ensure_ascii=False))
    assert detected(tmp_path / "compact.json") == "telegram-json"
    assert detected(tmp_path / "pretty.txt") == "telegram-json"


def test_json_that_only_mentions_an_export_key_is_not_an_export(tmp_path):
    rows = tmp_path / "rows"
    rows.write_text('{"text": "Hello", "messages": 2}\n{"text": "Again"}\n')
    assert detected(rows) == "jsonl"
    other = tmp_path / "other.json"
    other.write_text('{"title": "x", "data": {"messages": []}}')
    with pytest.raises(UnreadableFile, match=r"other\.json: is JSON but not a format"):
        detected(other)
