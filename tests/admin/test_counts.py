"""Counts an editor acts on are exact (issue 13, item 4): the list's count, its pages,
"Select all"; an estimate (the whole unfiltered table beyond the cap) says "about"."""

import re
from pathlib import Path

from statements.admin.statements import StatementAdmin
from tests import factories as make

CHANGELIST = "/admin/statements/statement/"


def shown_count(page: str) -> str:
    """The count under the list: "36", "about 1,000,000"."""
    return re.search(r'<p class="paginator">.*?((?:about )?[\d,]+) statements?\b', page, re.S)[1]


def test_a_searched_list_counts_exactly_beyond_the_cap(
    demo, editor, researcher, settings, monkeypatch
):
    settings.SEARCH_EXACT_COUNT_CAP = 3
    monkeypatch.setattr(StatementAdmin, "list_per_page", 10)
    source = make.source("Embassy")
    for number in range(30):
        make.statement(source, f"Lavrov spoke, number {number}")
    matching = researcher.get("/api/statements/", {"q": "lavrov"}).json()["count"]
    assert matching > 30
    response = editor.get(CHANGELIST, {"q": "lavrov"})
    assert response.context["cl"].result_count == matching
    page = response.content.decode()
    assert shown_count(page) == f"{matching:,}"
    assert "about" not in page
    pages = (matching + 9) // 10
    deepest = editor.get(CHANGELIST, {"q": "lavrov", "p": pages})
    assert len(deepest.context["cl"].result_list) == matching - 10 * (pages - 1)

    filtered = editor.get(CHANGELIST, {"source__id__exact": source.pk})
    assert filtered.context["cl"].result_count == 30
    assert "Select all 30 statements" in filtered.content.decode()


def test_the_whole_table_beyond_the_cap_says_about(demo, editor, settings):
    settings.SEARCH_EXACT_COUNT_CAP = 3
    page = editor.get(CHANGELIST).content.decode()
    assert shown_count(page).startswith("about ")


def test_the_whole_table_within_the_cap_is_counted_exactly(demo, editor):
    page = editor.get(CHANGELIST).content.decode()
    assert shown_count(page) == "7"
    assert "about" not in page


def test_the_readme_gives_the_cap_the_code_has(settings):
    readme = Path("README.md").read_text(encoding="utf-8")
    cap = f"{settings.SEARCH_EXACT_COUNT_CAP:,}"
    editors = readme[readme.index("## For editors") :]
    assert f"counted exactly up to `SEARCH_EXACT_COUNT_CAP` ({cap})" in " ".join(editors.split())
