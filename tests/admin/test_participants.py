"""Participants: searching names and aliases, editing aliases."""

from statements.models import Participant, Statement
from statements.search.compile import matching_text
from tests import factories as make


def test_participant_search_finds_aliases_without_diacritics(demo, editor):
    response = editor.get("/admin/statements/participant/", {"q": "djuric"})
    assert [p.name for p in response.context["cl"].result_list] == ["Marko Đurić"]


def test_adding_an_alias_in_the_admin_makes_it_searchable_and_links_statements(demo, editor):
    vulin = Participant.objects.get(name="Aleksandar Vulin")
    response = editor.post(
        f"/admin/statements/participant/{vulin.pk}/change/",
        {
            "name": vulin.name,
            "slug": vulin.slug,
            "aliases": ",".join([*vulin.aliases, "Vulin the Deputy"]),
            "role": vulin.role,
            "country": vulin.country,
        },
    )
    assert response.status_code == 302
    assert matching_text(Statement.objects.all(), '"Vulin the Deputy"').count() == 3


def test_saving_a_participant_with_many_statements_takes_a_fixed_number_of_queries(
    db, editor, django_assert_max_num_queries
):
    source = make.source("S")
    person = make.participant("Ana Brnabić")
    for number in range(60):
        make.statement(
            source,
            f"Ana Brnabic spoke {number}",
            participants=[person] if number % 2 else [],
            text="Ana Brnabic",
            content_hash=str(number),
        )
    with django_assert_max_num_queries(30):
        response = editor.post(
            f"/admin/statements/participant/{person.pk}/change/",
            {
                "name": person.name,
                "slug": person.slug,
                "aliases": "Ana Brnabic",
                "role": "",
                "country": "",
            },
        )
    assert response.status_code == 302
    assert person.statements.count() == 60
    assert matching_text(Statement.objects.all(), "Brnabić").count() == 60
