"""What kind of statement a text is, and its language."""

import pytest

from statements.text.classify import detect_kind, detect_language


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
