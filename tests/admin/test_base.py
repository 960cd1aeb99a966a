"""What the admin's lists share: the year filter and statement counts of the rows shown."""

from statements.models import Participant


def test_statements_filter_by_year_and_lists_count_only_the_rows_shown(demo, editor):
    response = editor.get("/admin/statements/statement/", {"year": "2024"})
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert listed and all(s.sort_date.year == 2024 for s in listed)
    assert editor.get("/admin/statements/statement/", {"year": "x"}).status_code == 200
    people = editor.get("/admin/statements/participant/").context["cl"].result_list
    lavrov = next(p for p in people if p.name == "Sergey Lavrov")
    assert lavrov.statement_count == Participant.objects.get(pk=lavrov.pk).statements.count()
