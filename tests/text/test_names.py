"""The participants a text names, by any spelling or declension."""

from types import SimpleNamespace

import pytest

from statements.text.names import ParticipantMatcher, names_text, serbian_surname_base
from tests import factories as make


@pytest.fixture
def people(db):
    return [
        make.participant(name="Aleksandar Vučić", aliases=["Vučić", "Вучић"]),
        make.participant(name="Ivica Dačić", aliases=["Dačić"]),
        make.participant(name="Sergey Lavrov", aliases=["S. Lavrov", "Сергей Лавров"]),
        make.participant(name="Maria Zakharova", aliases=["Захарова", "Мария Захарова"]),
        make.participant(name="Marko Đurić"),
    ]


def names(matcher, text):
    return sorted(p.name for p in matcher.find(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Razgovor sa Vučićem i Dačićem", ["Aleksandar Vučić", "Ivica Dačić"]),
        ("Разговор са Вучићем", ["Aleksandar Vučić"]),
        ("Встреча Сергея Лаврова", ["Sergey Lavrov"]),
        ("Slavrov said", []),
        ("S.Lavrov said", ["Sergey Lavrov"]),
        ("Андрей Захаров заявил", []),
        ("Марина Захарова заявила", ["Maria Zakharova"]),
        ("Marko Djuric and Marko Đurić", ["Marko Đurić"]),
        ("VUCIC", ["Aleksandar Vučić"]),
    ],
)
def test_participants_are_found_by_any_spelling_and_declension(people, text, expected):
    assert names(ParticipantMatcher(people), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Переговоры с Сергеем Лавровым", ["Sergey Lavrov"]),
        ("С.В.Лавров провел переговоры с М.Джуричем", ["Marko Đurić", "Sergey Lavrov"]),
        ("Встреча с Министром иностранных дел КНР Ван И", ["Wang Yi"]),
        ("Ивановым", []),
    ],
)
def test_russian_forms_of_names(db, text, expected):
    people = [
        make.participant(name="Sergey Lavrov", aliases=["Сергей Лавров", "С.В.Лавров"]),
        make.participant(name="Marko Đurić", aliases=["М.Джурич", "Марко Джурич"]),
        make.participant(name="Wang Yi", aliases=["Ван И"]),
    ]
    assert names(ParticipantMatcher(people), text) == expected


def test_the_matcher_finds_one_of_hundreds_of_participants_by_any_form():
    people = [
        SimpleNamespace(spellings=[f"Person{n} Surname{n}", f"Персон{n} Фамилия{n}"])
        for n in range(400)
    ]
    people.append(SimpleNamespace(spellings=["Sergey Lavrov", "Сергей Лавров", "С.В.Лавров"]))
    matcher = ParticipantMatcher(people)
    assert matcher.find("Talks of Сергея Лаврова with Person17 Surname17.") == [
        people[17],
        people[400],
    ]
    assert matcher.find("С.В.Лавровым") == [people[400]]
    assert matcher.find("Nobody at all") == []


def test_names_text_lists_people_by_name_with_their_aliases_then_hashtags_without_hash():
    people = [("Sergey Lavrov", ["Lavrov", "Лавров"]), ("Marko Đurić", [])]
    text = names_text(people, ["#Kosovo", "Dayton"])
    assert text == "Marko Đurić\nSergey Lavrov\nLavrov\nЛавров\nDayton\nKosovo"
    assert names_text([], []) == ""
    assert names_text([], ["#UN"]) == "UN"


@pytest.mark.parametrize(
    "word, base",
    [
        ("Vučićem", "Vučić"),
        ("Đurićem", "Đurić"),
        ("Vucicem", "Vucic"),
        ("Djuricem", "Djuric"),
        ("Vučića", "Vučić"),
        ("Dačiću", "Dačić"),
        ("Dačićima", "Dačić"),
        ("Вучићем", "Вучић"),
        # not declined, or not a name
        ("Vučić", None),
        ("Vucica", None),
        ("politica", None),
        ("publici", None),
        ("police", None),
    ],
)
def test_a_declined_serbian_surname_gives_its_base(word, base):
    assert serbian_surname_base(word) == base


@pytest.mark.parametrize(
    "text, found",
    [
        ("President Boris Lavrov met the delegation", False),
        ("Президент Борис Лавров принял делегацию", False),
        ("С.И.Лавров заявил", False),
        ("Сергей Иванович Лавров заявил", False),
        ("Boris Lavrov met Sergey Lavrov", True),
        ("Foreign Minister Lavrov said", True),
        ("Министр С.В.Лавров заявил", True),
        ("Встреча Сергея Лаврова. Лавров сказал", True),
        ("Lavrov said", True),
    ],
)
def test_a_surname_alone_is_not_someone_else_of_that_surname(text, found):
    lavrov = SimpleNamespace(spellings=["Sergey Lavrov", "С.В.Лавров", "Lavrov", "Лавров"])
    assert bool(ParticipantMatcher([lavrov]).find(text)) is found
