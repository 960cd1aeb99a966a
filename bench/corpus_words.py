"""The words, names and titles the benchmark corpus is made of (see corpus.py)."""

from statements.vocabulary import Kind

ENGLISH_WORDS = """the of and to in on a for with that by at as is was be it from this are
which has an have were its their talks cooperation minister foreign relations meeting
security development bilateral international president said support countries
agreement economic issues also discussed parties situation region between partners
strategic dialogue trade energy further visit sides noted important joint sanctions
peace world united nations council regional questions interests principles strengthen
investment projects humanitarian cultural stressed expressed mutual prospects efforts
friendly republic federation government ministry embassy ambassador delegation summit
forum conference statement negotiations settlement crisis conflict sovereignty
territorial integrity resolution organization treaty partnership infrastructure
transport gas oil nuclear military defence education science tourism migration
terrorism stability dialogue consultations deputy prime state people history
anniversary victory memory solidarity commitment framework initiative platform
multilateral integration customs union eurasian european western balkans kosovo
belgrade moscow serbia russia hungary china india brazil africa asia america
"""

RUSSIAN_WORDS = """и в на с по о что для как это его также между сторон министр
иностранных дел переговоры сотрудничество встреча президент отношений вопросы
развития двусторонних международной безопасности соглашение экономического
подчеркнул отметил стороны обсудили ситуация региона партнеров стратегического
диалога торговли энергетики визит важность совместных санкций мира объединенных
наций совета интересов принципов укрепления инвестиций проектов гуманитарного
культурного выразили взаимного перспективы усилий дружественных республики
федерации правительства министерства посольства посол делегации саммит форум
конференции заявление урегулирования кризиса конфликта суверенитета целостности
резолюции организации договора партнерства инфраструктуры транспорта газа нефти
сербии россии белграде москве косово балкан
"""

LATIN_SYLLABLES = [c + v for c in "bdklmnrstvz" for v in "aeio"]
CYRILLIC_SYLLABLES = [c + v for c in "бдклмнрствз" for v in "аеио"]

FIRST_NAMES = [
    ("Sergey", "Сергей"),
    ("Marko", "Марко"),
    ("Ivan", "Иван"),
    ("Ana", "Ана"),
    ("Maria", "Мария"),
    ("Aleksandar", "Александр"),
    ("Nikola", "Никола"),
    ("Dmitry", "Дмитрий"),
    ("Elena", "Елена"),
    ("Peter", "Петер"),
    ("Milan", "Милан"),
    ("Olga", "Ольга"),
    ("Viktor", "Виктор"),
    ("Jelena", "Елена"),
    ("Andrei", "Андрей"),
    ("Igor", "Игорь"),
    ("Natalia", "Наталья"),
    ("Dragan", "Драган"),
    ("Boris", "Борис"),
    ("Vesna", "Весна"),
]
SURNAME_STEMS = [
    ("Lavrov", "Лавров"),
    ("Petrovic", "Петрович"),
    ("Ivanov", "Иванов"),
    ("Markovic", "Маркович"),
    ("Sokolov", "Соколов"),
    ("Jovanovic", "Йованович"),
    ("Kuznetsov", "Кузнецов"),
    ("Nikolic", "Николич"),
    ("Popov", "Попов"),
    ("Stojanovic", "Стоянович"),
    ("Volkov", "Волков"),
    ("Djordjevic", "Джорджевич"),
    ("Morozov", "Морозов"),
    ("Ilic", "Илич"),
    ("Novikov", "Новиков"),
    ("Pavlovic", "Павлович"),
    ("Fedorov", "Федоров"),
    ("Savic", "Савич"),
    ("Orlov", "Орлов"),
    ("Tomic", "Томич"),
]
COUNTRIES = [
    "Russia",
    "Serbia",
    "Hungary",
    "China",
    "India",
    "Brazil",
    "Egypt",
    "Turkey",
    "Kazakhstan",
    "Belarus",
    "Armenia",
    "Vietnam",
    "Indonesia",
    "Cuba",
    "Venezuela",
    "Algeria",
    "Iran",
    "Mongolia",
    "Laos",
    "Bolivia",
]
KIND_WEIGHTS = {
    Kind.MEETING: 30,
    Kind.PHONE_CALL: 12,
    Kind.REMARKS: 10,
    Kind.PRESS_CONFERENCE: 5,
    Kind.INTERVIEW: 4,
    Kind.COMMENT: 15,
    Kind.ARTICLE: 3,
    Kind.MESSAGE: 20,
    Kind.OTHER: 1,
}
TITLES = {
    "en": {
        Kind.MEETING: "{role} {a} met {b}",
        Kind.PHONE_CALL: "Telephone conversation between {a} and {b}",
        Kind.REMARKS: "Remarks by {role} {a} at the meeting with {b}",
        Kind.PRESS_CONFERENCE: "Press conference of {role} {a} following talks with {b}",
        Kind.INTERVIEW: "Interview of {role} {a}",
        Kind.COMMENT: "Comment by {role} {a} on {topic}",
        Kind.ARTICLE: "Article by {role} {a} on {topic}",
        Kind.MESSAGE: "Message of {role} {a} to {b}",
        Kind.OTHER: "On {topic}",
    },
    "ru": {
        Kind.MEETING: "О встрече {a} с {b}",
        Kind.PHONE_CALL: "О телефонном разговоре {a} с {b}",
        Kind.REMARKS: "Выступление {a} в ходе встречи с {b}",
        Kind.PRESS_CONFERENCE: "Пресс-конференция {a} по итогам переговоров с {b}",
        Kind.INTERVIEW: "Интервью {a}",
        Kind.COMMENT: "Комментарий {a} по вопросу {topic}",
        Kind.ARTICLE: "Статья {a} о {topic}",
        Kind.MESSAGE: "Послание {a} {b}",
        Kind.OTHER: "О {topic}",
    },
}
ROLES = ["Foreign Minister", "President", "Prime Minister", "Ambassador", "Deputy Minister"]
