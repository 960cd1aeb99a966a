"""Who took part and who is only named: the head of meeting, call, remarks, press-conference
and signing posts in English, Russian and Serbian, and transcripts' speaker labels."""

from types import SimpleNamespace

import pytest

from statements.text.names import ParticipantMatcher
from statements.text.roles import took_part_passages

PEOPLE = [
    SimpleNamespace(spellings=["Sergey Lavrov", "Сергей Лавров", "С.В.Лавров", "Lavrov"]),
    SimpleNamespace(spellings=["Aleksandar Vučić", "Александр Вучич", "Александар Вучић"]),
    SimpleNamespace(spellings=["Vladimir Putin", "Владимир Путин", "President Putin"]),
    SimpleNamespace(spellings=["Marko Đurić", "Марко Джурич", "Марко Ђурић", "Đurić"]),
]
MATCHER = ParticipantMatcher(PEOPLE)
BODY = {
    "en": "They discussed the visit of President Vladimir Putin.",
    "ru": "Обсуждался визит Владимира Путина.",
    "sr": "Razgovarali su o onome što je rekao Vladimir Putin.",
}


def took_part(title: str, text: str) -> list[str]:
    found = (
        MATCHER.find(*took_part_passages(title, text)) if took_part_passages(title, text) else []
    )
    return sorted(person.spellings[0] for person in found)


@pytest.mark.parametrize(
    "pattern, language, title, lead",
    [
        ("meeting", "en", "", "On September 23, Sergey Lavrov had a meeting with Marko Đurić."),
        ("meeting", "ru", "", "23 сентября Сергей Лавров встретился с Марко Джуричем."),
        ("meeting", "sr", "", "Marko Đurić se sastao sa Sergey Lavrov u Beogradu."),
        ("call", "en", "", "On May 6, Sergey Lavrov spoke over the phone with Marko Đurić."),
        ("call", "ru", "", "Состоялся телефонный разговор С.В.Лаврова с Марко Джуричем."),
        ("call", "sr", "", "Marko Đurić razgovarao je telefonom sa Sergey Lavrov."),
        ("remarks", "en", "Sergey Lavrov’s opening remarks at talks with Marko Đurić", ""),
        ("remarks", "ru", "Вступительное слово С.В.Лаврова в ходе встречи с Марко Джуричем", ""),
        ("remarks", "sr", "Uvodno obraćanje Marka Đurića na sastanku sa Sergey Lavrov", ""),
        (
            "press conference",
            "en",
            "Sergey Lavrov’s answers to media questions at a joint news conference with Marko"
            " Djuric (Moscow, February 17, 2025)",
            "",
        ),
        ("press conference", "ru", "Пресс-конференция С.В.Лаврова и Марко Джурича", ""),
        ("press conference", "sr", "Konferencija za medije Marka Đurića i Sergey Lavrov", ""),
        ("signing", "en", "", "Sergey Lavrov and Marko Đurić signed a plan of consultations."),
        ("signing", "ru", "", "С.В.Лавров и Марко Джурич подписали план консультаций."),
        ("signing", "sr", "", "Marko Đurić i Sergey Lavrov potpisali su plan konsultacija."),
    ],
)
def test_the_head_of_an_event_names_who_took_part(pattern, language, title, lead):
    text = f"{lead}\n{BODY[language]}" if lead else BODY[language]

    assert took_part(title, text) == ["Marko Đurić", "Sergey Lavrov"], (pattern, language)
    assert len(MATCHER.find(title, text)) == 3  # Putin is named, in the body only


@pytest.mark.parametrize(
    "title, lead",
    [
        ("", "On behalf of President Vladimir Putin, Sergey Lavrov met Marko Đurić."),
        ("", "Сергей Лавров встретился с Марко Джуричем по поручению Владимира Путина."),
        ("", "Marko Đurić se sastao sa Sergey Lavrov po nalogu koji je dao Vladimir Putin."),
    ],
)
def test_people_a_head_names_on_whose_behalf_are_mentioned(title, lead):
    assert "Vladimir Putin" not in took_part(title, lead)
    assert "Sergey Lavrov" in took_part(title, lead)


def test_a_head_that_tells_of_no_event_names_no_one_who_took_part():
    assert took_part("Sergey Lavrov on the situation in the Balkans", "Vladimir Putin said.") == []


def test_a_transcripts_speakers_took_part():
    text = "💬 President Putin: I hope that your mission will be useful.\n❓ Question: When?"
    assert took_part("Russia and Serbia", text) == ["Vladimir Putin"]
