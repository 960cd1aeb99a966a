"""What is read from a statement's text: kind, date and place, language, people."""

from datetime import UTC, date, datetime

import pytest

from statements.enrich import (
    ParticipantMatcher,
    detect_kind,
    detect_language,
    extract_event,
    extract_hashtags,
    split_title,
    strip_emoji,
)
from statements.models import Participant


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Comment by the Foreign Ministry Spokeswoman on the press conference in Kiev", "comment"),
        ("Sergey Lavrov's article for Izvestia on the meeting of BRICS", "article"),
        ("Sergey Lavrov addresses the UN General Assembly", "remarks"),
        ("Foreign Minister Sergey Lavrov's opening remarks at the meeting with X", "remarks"),
        ("On May 6, Lavrov spoke over the phone with Brnabić", "phone_call"),
        ("Interview of Sergey Lavrov to RIA Novosti", "interview"),
        ("Lavrov and Vulin met in Moscow", "meeting"),
        ("Пресс-конференция С.В.Лаврова", "press_conference"),
        ("Happy New Year!", "message"),
    ],
)
def test_detect_kind(title, kind):
    assert detect_kind(title, "") == kind


def test_detect_kind_falls_back_to_the_text():
    assert detect_kind("Russia and Serbia", "The ministers held talks on energy.") == "meeting"


@pytest.mark.parametrize(
    "title, published, expected",
    [
        ("Remarks (Moscow, March 21, 2024)", None, (date(2024, 3, 21), "Moscow")),
        ("Переговоры (Москва, 21 марта 2024 года)", None, (date(2024, 3, 21), "Москва")),
        ("On August 14, they met in Moscow.", None, (None, "Moscow")),
        ("On August 14, they met.", datetime(2024, 8, 15, tzinfo=UTC), (date(2024, 8, 14), "")),
        # A day after the publication date belongs to the year before.
        ("On December 30, they met.", datetime(2025, 1, 2, tzinfo=UTC), (date(2024, 12, 30), "")),
        ("On February 30, they met.", datetime(2025, 3, 1, tzinfo=UTC), (None, "")),
        ("The meeting in October was useful.", None, (None, "")),
        ("They held talks in St. Petersburg.", None, (None, "St. Petersburg")),
    ],
)
def test_extract_event(title, published, expected):
    event_date, _, place = extract_event(title, "", published)
    assert (event_date, place) == expected


@pytest.mark.parametrize(
    "text, language",
    [
        ("Sergey Lavrov: I do not know yet. I hope so. If I am invited, I will go.", "en"),
        ("Министр иностранных дел России встретился с Марком Ђурићем в Москве.", "ru"),
        ("Председник Србије Александар Вучић је разговарао са министром.", "sr"),
        ("Predsednik Srbije Vučić je razgovarao sa ministrom o odnosima koji su važni.", "sr"),
        ("Foreign Minister of Serbia Marko Đurić and Ivica Dačić held talks in Belgrade.", "en"),
        ("O Ministro dos Negócios Estrangeiros da Rússia e o Presidente da Sérvia.", "en"),
        ("short", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_titles_lose_emoji_and_the_body_follows():
    assert split_title("🇷🇺🇷🇸📞 On May 6, calls\nBody\n#Tag") == ("On May 6, calls", "Body\n#Tag")
    assert strip_emoji("☝️Such meetings 🤝 matter") == "Such meetings matter"


def test_hashtags_in_order_once_each_case_insensitively():
    assert extract_hashtags("#RussiaSerbia text #russiaserbia #Kosovo #123 a#b") == [
        "#RussiaSerbia",
        "#Kosovo",
    ]


@pytest.fixture
def people(db):
    return [
        Participant.objects.create(name="Aleksandar Vučić", aliases=["Vučić", "Вучић"]),
        Participant.objects.create(name="Ivica Dačić", aliases=["Dačić"]),
        Participant.objects.create(name="Sergey Lavrov", aliases=["S. Lavrov", "Сергей Лавров"]),
        Participant.objects.create(name="Maria Zakharova", aliases=["Захарова", "Мария Захарова"]),
        Participant.objects.create(name="Marko Đurić"),
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
        Participant.objects.create(name="Sergey Lavrov", aliases=["Сергей Лавров", "С.В.Лавров"]),
        Participant.objects.create(name="Marko Đurić", aliases=["М.Джурич", "Марко Джурич"]),
        Participant.objects.create(name="Wang Yi", aliases=["Ван И"]),
    ]
    assert names(ParticipantMatcher(people), text) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Телефонный разговор С.В.Лаврова с Министром иностранных дел Сербии", "phone_call"),
        ("О переговорах С.В.Лаврова с Министром иностранных дел Сербии", "meeting"),
        ("Вступительное слово С.В.Лаврова в ходе переговоров", "remarks"),
        ("Интервью С.В.Лаврова газете «Известия»", "interview"),
        ("Комментарий официального представителя МИД России", "comment"),
        ("Заявление МИД России", "comment"),
        ("О встрече С.В.Лаврова с послом Сербии", "meeting"),
    ],
)
def test_russian_kind_cues(title, expected):
    assert detect_kind(title, "") == expected


def test_russian_event_date_and_place():
    event_date, text, place = extract_event("Переговоры (Москва, 17 февраля 2025 года)", "", None)
    assert (event_date, place) == (date(2025, 2, 17), "Москва")


def test_the_matcher_finds_one_of_hundreds_of_participants_by_any_form():
    from types import SimpleNamespace

    from statements.enrich import ParticipantMatcher

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
