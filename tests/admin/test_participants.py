"""Participants: searching names and aliases, editing aliases, adding and deleting."""

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


def test_an_editor_adds_a_participant_without_typing_a_slug(db, editor, researcher):
    response = editor.post(
        "/admin/statements/participant/add/",
        {"name": "Marko Đurić", "slug": "", "role": "", "country": "", "aliases": ""},
    )
    assert response.status_code == 302
    participant = Participant.objects.get(name="Marko Đurić")
    assert participant.slug == "marko-duric"
    assert researcher.get("/participants/marko-duric/").status_code == 200


def test_an_editor_deletes_a_mistaken_participant(db, editor, researcher):
    typo = make.participant("Sergey Lavorv")
    page = editor.get(f"/admin/statements/participant/{typo.pk}/delete/")
    assert page.status_code == 200
    response = editor.post(f"/admin/statements/participant/{typo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=typo.pk).exists()
    assert researcher.get(f"/participants/{typo.slug}/").status_code == 404


def test_a_participant_statements_link_to_is_not_deleted_and_the_editor_is_told_why(db, editor):
    lavrov = make.participant("Sergey Lavrov")
    statement = make.statement(participants=[lavrov])
    for method in (editor.get, lambda url: editor.post(url, {"post": "yes"})):
        response = method(f"/admin/statements/participant/{lavrov.pk}/delete/")
        assert response.status_code == 302
        assert response["Location"] == f"/admin/statements/participant/{lavrov.pk}/change/"
    page = editor.get(response["Location"])
    assert "cannot be deleted: 1 statement links to it" in page.content.decode()
    assert list(statement.participants.all()) == [lavrov]
    # Nor from the list, all at once.
    changelist = editor.get("/admin/statements/participant/")
    assert "delete_selected" not in changelist.content.decode()
