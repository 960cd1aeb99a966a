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
        ("O Ministro dos Negócios Estrangeiros da Rússia e o Presidente da Sérvia.", "pt"),
        ("Der Außenminister traf sich mit seinem Kollegen in Berlin.", "de"),
        ("Le ministre des Affaires étrangères a rencontré son homologue serbe.", "fr"),
        ("Міністр закордонних справ України заявив про переговори.", "uk"),
        ("微软发布了新的浏览器", "zh"),
        ("东京で会議が開かれました", "ja"),
        ("서울에서 회의가 열렸습니다", "ko"),
        ("قال وزير الخارجية إن المحادثات كانت مثمرة", "ar"),
        ("وزیر امور خارجه روسیه با همتای صربستانی خود دیدار کرد", "fa"),
        ("Η συνάντηση έγινε στην Αθήνα", "el"),
        ("short", "en"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text, default, language",
    [
        # too short to tell: the source's language, when the script allows it
        ("Talks on Kosovo", "de", "de"),
        ("Talks on Kosovo", "ru", "en"),
        ("Briefing", "fr", "fr"),
        ("Телефонный разговор", "uk", "uk"),
        ("#RussiaSerbia", "ru", "en"),
        ("12.03.2024", "ru", "ru"),
        # a word or two of a script only one language writes is enough
        ("微软", "en", "zh"),
        ("المسلِمات", "en", "ar"),
    ],
)
def test_a_short_text_takes_the_sources_language_unless_its_script_tells(text, default, language):
    assert detect_language(text, default) == language


@pytest.mark.parametrize(
    "text, language",
    [
        # a Latin product name in a Chinese post, a Chinese word in an English one
        ("Microsoft 发布了 Edge 浏览器的新版本", "zh"),
        ("Microsoft released a new version of its Edge browser (微软浏览器) today.", "en"),
        ("Shaykh Muhammad ibn Salih al-ʿUthaymīn on fasting in the month of Ramadan", "en"),
        ("Lavrov: «Мы готовы к переговорам с Вашингтоном», said the minister", "ru"),
    ],
)
def test_a_text_of_mixed_scripts_is_in_the_language_of_most_of_it(text, language):
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
