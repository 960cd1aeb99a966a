"""Property-based tests: any value of any public parameter gives a page or a 400, never a
5xx; any mutation of a real-shaped file gives an import or a clear refusal that wrote
nothing."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements.models import Statement

DATA = Path(__file__).parent.parent / "data"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text at all, including control characters, NULs and every script.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
VALUES = st.one_of(
    ANY_TEXT,
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "2024-02-30", "..", "~1",
                     "lavrov", "person:lavrov", '"', "*", "OR", "-", "2024-01-01~12"]),
    st.integers().map(str),
)  # fmt: skip
PARAMETERS = [
    "q", "page", "page_size", "sort", "participant", "hashtag", "kind", "source", "language",
    "date_from", "date_to", "after", "before", "timeline",
]  # fmt: skip
URLS = [
    "/statements/",
    "/api/statements/",
    "/statements/export.csv",
    "/statements/feed.atom",
    "/participants/sergey-lavrov/",
    "/api/participants/",
]


@pytest.fixture
def archive(demo, settings):
    settings.API_REQUESTS_PER_MINUTE = 0  # many requests from one client here
    settings.EXPORTS_PER_HOUR = 0


@FUZZ
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=5))
def test_any_parameters_give_a_page_or_a_400(archive, client, params):
    for url in URLS:
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), (url, params, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)


@FUZZ
@given(path=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))
def test_any_path_gives_a_page_or_a_404(archive, client, path):
    for prefix in ["/statements/", "/participants/", "/hashtags/", "/api/statements/"]:
        response = client.get(prefix + path.replace("\x00", "%00"))
        assert response.status_code in (200, 301, 302, 400, 404), (prefix, path)


def mutated(original: bytes, data) -> bytes:
    """The file with a few bytes changed, cut short, or a piece inserted."""
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
    at = data.draw(st.integers(0, len(original) - 1))
    if kind == "truncate":
        return original[:at]
    if kind == "delete":
        return original[:at] + original[at + data.draw(st.integers(1, 200)) :]
    piece = data.draw(st.binary(min_size=1, max_size=20))
    if kind == "insert":
        return original[:at] + piece + original[at:]
    return original[:at] + piece + original[at + len(piece) :]


def tabular_sample(path: Path) -> Path:
    """A JSON Lines or CSV file shaped as the tabular importer expects."""
    rows = [
        {"id": n, "date": f"2024-05-0{n}T10:00:00+00:00", "title": f"Talks {n}",
         "text": f"Sergey Lavrov met Marko Đurić, part {n}.", "participants": "Sergey Lavrov"}
        for n in range(1, 6)
    ]  # fmt: skip
    if path.suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n")
    else:
        header = list(rows[0])
        lines = [",".join(header)] + [",".join(f'"{row[k]}"' for k in header) for row in rows]
        path.write_text("\n".join(lines) + "\n")
    return path


GENERATED = Path("generated")  # a sample made in the test's folder
SAMPLES = [
    GENERATED / "statements.jsonl",
    GENERATED / "statements.csv",
    DATA / "mfa_channel_export.json",
    DATA / "tme_s_features.html",
    DATA / "russian_scrape.txt",
    DATA / "telegram_html_export" / "messages.html",
]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
@FUZZ
@given(data=st.data())
def test_a_mutated_file_is_imported_or_refused_cleanly(db, tmp_path_factory, sample, data):
    folder = tmp_path_factory.mktemp("fuzz")
    if sample.parent == GENERATED:
        sample = tabular_sample(folder / f"sample{sample.suffix}")
    path = folder / sample.name
    path.write_bytes(mutated(sample.read_bytes(), data))
    if sample.parent.name == "telegram_html_export":
        for other in sample.parent.iterdir():
            if other.name != sample.name and other.is_file():
                shutil.copy(other, folder / other.name)
    before = Statement.objects.count()
    try:
        call_command("import_statements", str(path), stdout=StringIO(), stderr=StringIO())
    except CommandError as refusal:
        assert path.name in str(refusal) or "could not be imported" in str(refusal)
        if "Nothing was imported" in str(refusal):
            assert Statement.objects.count() == before  # a refused file writes nothing
    Statement.objects.all().delete()
