"""AND, OR, NOT and parentheses, searched through the page and the API."""

from statements.models import Statement
from tests.search.test_name_filters import search


def found_ids(client, q: str) -> set[int]:
    page, api = search(client, q)
    on_page = {statement.pk for statement in page.context["page"].object_list}
    assert on_page == {row["id"] for row in api["results"]}
    return on_page


def test_not_removes_what_it_names(demo, researcher):
    kosovo = found_ids(researcher, "kosovo")
    pristina = found_ids(researcher, "pristina")
    assert pristina and kosovo - pristina
    assert found_ids(researcher, "kosovo NOT pristina") == kosovo - pristina
    assert found_ids(researcher, "kosovo -pristina") == kosovo - pristina
    page, _ = search(researcher, "kosovo NOT pristina")
    chips = {chip["label"]: chip["url"] for chip in page.context["active_filters"]}
    assert list(chips) == ["“kosovo”", "“-pristina”"]  # no chip "NOT"
    unfiltered = researcher.get("/statements/" + chips["“-pristina”"])
    assert unfiltered.context["query"] == "kosovo"


def test_brackets_group_alternatives(demo, researcher):
    either = found_ids(researcher, "kosovo OR dayton")
    lavrov = found_ids(researcher, "lavrov")
    assert either & lavrov and either - lavrov  # the brackets decide something here
    assert found_ids(researcher, "(kosovo OR dayton) lavrov") == either & lavrov
    assert found_ids(researcher, "NOT (kosovo OR dayton)") == (
        set(Statement.objects.listed().values_list("pk", flat=True)) - either
    )


def test_the_page_and_the_api_say_how_a_query_was_read(demo, researcher):
    page, api = search(researcher, "country:serbia se*")
    notes = page.context["notes"]
    assert api["notes"] == notes
    assert any("“country:” is not a filter" in note for note in notes)
    assert any("a prefix needs 3 letters" in note for note in notes)
