"""Passages of a snippet: where they are cut, in any script, and from how much of a text."""

from statements.search.highlight import HEADLINE_CHARACTERS
from statements.search.passages import SNIPPET_CHARACTERS, WORD_REACH, Marked, passages
from tests import factories as make
from tests.search.test_highlight import api_results, filler


def test_a_word_past_what_is_read_of_a_long_text_is_said(researcher):
    make.statement(
        title="Kosovo: the transcript", text=filler(HEADLINE_CHARACTERS // 5) + " Kosovo"
    )
    [result] = api_results(researcher, "kosovo")
    assert f"passages from the first {HEADLINE_CHARACTERS:,} of" in result["snippet"]
    assert "<mark>Kosovo</mark>" in result["marked_title"]


def test_passages_in_a_script_without_spaces_stay_short():
    text = "微软" + "中文文本" * 200 + "浏览器" + "中文文本" * 200
    start = text.index("浏览器")
    shown = passages(Marked(text, ((start, start + 3),)), {(start, start + 3): {"browser"}})
    [(first, last)] = shown
    assert (
        first <= start < start + 3 <= last
        and last - first <= SNIPPET_CHARACTERS // 2 + 2 * WORD_REACH
    )


def test_passages_end_on_whole_words_at_the_start_and_the_end_of_a_text():
    text = "Kosovo " + " ".join(f"word{number}" for number in range(200)) + " Pristina end"
    pristina = text.index("Pristina")
    marks = ((0, 6), (pristina, pristina + 8))
    shown = passages(Marked(text, marks), {marks[0]: {"kosovo"}, marks[1]: {"pristina"}})
    assert len(shown) == 2
    assert text[slice(*shown[0])].startswith("Kosovo word0")
    assert text[slice(*shown[1])].endswith("Pristina end")
    for first, last in shown:
        assert first == 0 or text[first - 1] == " "
        assert last == len(text) or text[last] == " "
