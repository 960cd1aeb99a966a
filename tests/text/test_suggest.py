"""Names after a title in a text: the ones the importer suggests to editors."""

import pytest

from statements.text.suggest import suggest_names, suggestion_key

SZIJJARTO = (
    "Foreign Minister Sergey Lavrov spoke by telephone with "
    "Minister of Foreign Affairs of Hungary Péter Szijjártó."
)


@pytest.mark.parametrize(
    "text, names",
    [
        (SZIJJARTO, ["Sergey Lavrov", "Péter Szijjártó"]),
        ("Foreign Minister Sergey Lavrov’s opening remarks", ["Sergey Lavrov"]),
        ("President of Serbia Aleksandar Vučić has confirmed", ["Aleksandar Vučić"]),
        (
            "President of the Russian Federation Vladimir Putin and Prime Minister Narendra Modi",
            ["Vladimir Putin", "Narendra Modi"],
        ),
        (
            "Deputy Prime Minister of the Republic of Serbia Aleksandar Vulin",
            ["Aleksandar Vulin"],
        ),
        (
            "Russian Ambassador to Serbia Alexander Botsan-Kharchenko met Ambassador Momčilo Babić",
            ["Alexander Botsan-Kharchenko", "Momčilo Babić"],
        ),
        ("Foreign Minister Sergey Lavrov Meets Students", ["Sergey Lavrov"]),
        ("Министр иностранных дел Венгрии П.Сийярто прибыл", ["П.Сийярто"]),
        ("Министр иностранных дел России С.В.Лавров провёл переговоры", ["С.В.Лавров"]),
        ("Президент Сербии А.Вучич заявил", ["А.Вучич"]),
        ("Президент Российской Федерации В. В. Путин", ["В.В.Путин"]),
        (
            "Министр иностранных дел Российской Федерации Сергей Викторович Лавров",
            ["Сергей Викторович Лавров"],
        ),
        # Declined after a declined title: the name comes back in the nominative.
        ("переговоры с Министром иностранных дел Сербии Марко Джуричем", ["Марко Джурич"]),
        ("встреча с Послом Сербии в России М.Бабичем", ["М.Бабич"]),
        ("визит Президента Франции Эммануэля Макрона", ["Эммануэль Макрон"]),
        ("Заместитель Министра иностранных дел России М.В.Захарова", ["М.В.Захарова"]),
        ("ministar spoljnih poslova Mađarske Peter Sijarto", ["Peter Sijarto"]),
        ("predsednik Srbije Aleksandar Vučić", ["Aleksandar Vučić"]),
        ("амбасадор Русије Александар Боцан-Харченко", ["Александар Боцан-Харченко"]),
        ("беседа с главой МИД Венгрии П.Сийярто", ["П.Сийярто"]),
        ("Председатель Правительства России М.В.Мишустин", ["М.В.Мишустин"]),
    ],
)
def test_it_finds_names_after_titles(text, names):
    assert [name for name, _ in suggest_names("", text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "The Foreign Minister said that the President of Serbia would come.",
        "President Putin and President Trump spoke by telephone.",  # one word: not sure
        "President of the Russian Federation",
        "Президент Российской Федерации отметил",
        "Президент Франции Макрон заявил",  # «Франции Макрон» is no one's name
        "predsednik Srbije Vučić je izjavio",
        "President of the European Commission Ursula von der Leyen",  # cut short: left out
        "Foreign Minister\nSergey Lavrov",  # a name never runs over a line break
        "FOREIGN MINISTER OF NATO",
    ],
)
def test_it_suggests_no_titles_countries_or_unsure_names(text):
    assert suggest_names("", text) == []


def test_it_gives_each_name_once_with_the_sentence_it_is_in():
    text = (
        "Talks in Moscow. President of Serbia Aleksandar Vučić came. "
        "President of Serbia Aleksandar Vucic left."
    )
    assert suggest_names("President of Serbia Aleksandar Vučić in Moscow", text) == [
        ("Aleksandar Vučić", "President of Serbia Aleksandar Vučić in Moscow")
    ]
    assert suggest_names("", text) == [
        ("Aleksandar Vučić", "President of Serbia Aleksandar Vučić came.")
    ]


def test_one_key_however_the_name_is_written():
    assert suggestion_key("С. В. Лавров") == suggestion_key("С.В.Лавров") == "с.в.лавров"
    assert suggestion_key("Péter  Szijjártó") == suggestion_key("Peter Szijjarto")
