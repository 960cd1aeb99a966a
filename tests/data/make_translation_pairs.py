# ruff: noqa: E501 — the statements are prose, one paragraph a line, as the channels post them
"""Writes translation_pairs.json: Russian MFA posts in English and Russian, for measuring
the translation-pair finder (tests/curation/test_translations.py).

Each event is one statement published in both languages (a pair), in the shape of the
MFA's channels: a readout of a meeting or call, opening remarks, a press conference. Near
misses are other statements of the same day naming the same people: the remarks at the
meeting whose readout is paired, an announcement of the talks, the spokeswoman's comment,
the press conference after the talks. Some events lack their Russian version, so only a
near miss is there to be wrongly paired. The reference scrape's seven posts, with
hand-written Russian versions, are in reference_ru.json beside this file.

Run: python tests/data/make_translation_pairs.py (from the project root).
"""

import json
from pathlib import Path

HERE = Path(__file__).parent

# key: (English name, English title, Russian title + name in the nominative, instrumental)
PEOPLE = {
    "lavrov": (
        "Sergey Lavrov",
        "Foreign Minister",
        "Министр иностранных дел С.В.Лавров",
        "С.В.Лавровым",
    ),
    "putin": ("Vladimir Putin", "President of Russia", "Президент России В.В.Путин", "В.В.Путиным"),
    "vucic": ("Aleksandar Vucic", "President of Serbia", "Президент Сербии А.Вучич", "А.Вучичем"),
    "dacic": (
        "Ivica Dacic",
        "First Deputy Prime Minister of Serbia",
        "Первый вице-премьер Сербии И.Дачич",
        "И.Дачичем",
    ),
    "brnabic": (
        "Ana Brnabic",
        "Speaker of the National Assembly of Serbia",
        "Председатель Народной скупщины Сербии А.Брнабич",
        "А.Брнабич",
    ),
    "djuric": (
        "Marko Djuric",
        "Foreign Minister of Serbia",
        "Министр иностранных дел Сербии М.Джурич",
        "М.Джуричем",
    ),
    "vulin": (
        "Aleksandar Vulin",
        "Deputy Prime Minister of Serbia",
        "Вице-премьер Сербии А.Вулин",
        "А.Вулиным",
    ),
    "fidan": (
        "Hakan Fidan",
        "Foreign Minister of Türkiye",
        "Министр иностранных дел Турции Х.Фидан",
        "Х.Фиданом",
    ),
    "wang": ("Wang Yi", "Foreign Minister of China", "Министр иностранных дел КНР Ван И", "Ван И"),
    "jaishankar": (
        "Subrahmanyam Jaishankar",
        "Minister of External Affairs of India",
        "Министр иностранных дел Индии С.Джайшанкар",
        "С.Джайшанкаром",
    ),
    "araghchi": (
        "Abbas Araghchi",
        "Foreign Minister of Iran",
        "Министр иностранных дел Ирана А.Аракчи",
        "А.Аракчи",
    ),
    "shoigu": (
        "Sergey Shoigu",
        "Secretary of the Security Council",
        "Секретарь Совета безопасности С.К.Шойгу",
        "С.К.Шойгу",
    ),
}
PARTICIPANTS = [
    {"name": "Sergey Lavrov", "aliases": ["Сергей Лавров", "С.В.Лавров", "Lavrov"]},
    {"name": "Vladimir Putin", "aliases": ["Владимир Путин", "В.В.Путин"]},
    {"name": "Aleksandar Vučić", "aliases": ["Aleksandar Vucic", "Александр Вучич", "А.Вучич"]},
    {"name": "Ivica Dačić", "aliases": ["Ivica Dacic", "Ивица Дачич", "И.Дачич"]},
    {"name": "Ana Brnabić", "aliases": ["Ana Brnabic", "Ана Брнабич", "А.Брнабич"]},
    {"name": "Marko Đurić", "aliases": ["Marko Djuric", "Марко Джурич", "М.Джурич"]},
    {"name": "Aleksandar Vulin", "aliases": ["Александр Вулин", "А.Вулин"]},
    {"name": "Hakan Fidan", "aliases": ["Хакан Фидан", "Х.Фидан"]},
    {"name": "Wang Yi", "aliases": ["Ван И"]},
    {
        "name": "Subrahmanyam Jaishankar",
        "aliases": ["S.Jaishankar", "Субраманьям Джайшанкар", "С.Джайшанкар"],
    },
    {"name": "Abbas Araghchi", "aliases": ["Аббас Аракчи", "А.Аракчи"]},
    {"name": "Sergey Shoigu", "aliases": ["Сергей Шойгу", "С.К.Шойгу"]},
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]

# Paragraphs that recur in such statements, with the figures a translation keeps.
TOPICS = [
    (
        "The parties reaffirmed the identical positions of the two countries on the Kosovo settlement on the basis of UN Security Council Resolution {n1}.",
        "Стороны подтвердили совпадение позиций двух стран по косовскому урегулированию на основе резолюции СБ ООН {n1}.",
    ),
    (
        "They discussed preparations for the {n2}th session of the Intergovernmental Committee on Trade and Economic Cooperation.",
        "Обсуждена подготовка {n2}-го заседания Межправительственного комитета по торгово-экономическому сотрудничеству.",
    ),
    (
        "Trade between the two countries grew by {n3} percent last year and reached {n4} million dollars.",
        "Товарооборот между двумя странами в прошлом году вырос на {n3} процентов и достиг {n4} млн долларов.",
    ),
    (
        "Particular attention was paid to the implementation of the agreements reached at the summit in {city_en} in {year}.",
        "Особое внимание уделено выполнению договорённостей, достигнутых на саммите в {city_ru} в {year} году.",
    ),
    (
        "The ministers noted the importance of the {n2}th anniversary of diplomatic relations, which will be marked in {year}.",
        "Министры отметили значение {n2}-й годовщины установления дипломатических отношений, которая будет отмечаться в {year} году.",
    ),
    (
        "They exchanged views on the situation in the Middle East, including the implementation of UN Security Council Resolution {n5}.",
        "Состоялся обмен мнениями о ситуации на Ближнем Востоке, в том числе о выполнении резолюции СБ ООН {n5}.",
    ),
    (
        "The sides agreed to hold the next round of consultations between the foreign ministries before the end of {year}.",
        "Стороны договорились провести очередной раунд межмидовских консультаций до конца {year} года.",
    ),
    (
        "The parties discussed cooperation within BRICS, whose membership has grown to {n6} countries.",
        "Стороны обсудили взаимодействие в рамках БРИКС, число членов которого выросло до {n6} государств.",
    ),
    (
        "Energy cooperation was discussed, including gas supplies of {n7} billion cubic metres a year.",
        "Обсуждено энергетическое сотрудничество, включая поставки газа в объёме {n7} млрд кубометров в год.",
    ),
    (
        "They underscored the need to strictly implement the Dayton Peace Agreement of {n8}.",
        "Подчёркнута необходимость строгого соблюдения Дейтонского мирного соглашения {n8} года.",
    ),
]
CITIES = [
    ("Kazan", "Казани"),
    ("Belgrade", "Белграде"),
    ("New Delhi", "Нью-Дели"),
    ("Ankara", "Анкаре"),
    ("Beijing", "Пекине"),
    ("Tehran", "Тегеране"),
]
# (English, Russian, Russian locative)
PLACES = [
    ("Moscow", "Москва", "Москве"),
    ("Belgrade", "Белград", "Белграде"),
    ("New York", "Нью-Йорк", "Нью-Йорке"),
    ("Ankara", "Анкара", "Анкаре"),
    ("Beijing", "Пекин", "Пекине"),
    ("Minsk", "Минск", "Минске"),
]

# (kind, host, guest(s)) for each event; the date follows from the index.
EVENTS = [
    ("meeting", "lavrov", ["djuric"]),
    ("phone_call", "lavrov", ["fidan"]),
    ("remarks", "lavrov", ["dacic"]),
    ("meeting", "putin", ["vucic"]),
    ("press_conference", "lavrov", ["wang"]),
    ("phone_call", "lavrov", ["jaishankar"]),
    ("meeting", "lavrov", ["araghchi"]),
    ("remarks", "lavrov", ["vulin"]),
    ("meeting", "lavrov", ["brnabic"]),
    ("phone_call", "putin", ["vucic"]),
    ("meeting", "shoigu", ["vulin"]),
    ("press_conference", "lavrov", ["djuric"]),
    ("meeting", "lavrov", ["wang"]),
    ("phone_call", "lavrov", ["dacic", "djuric"]),
    ("remarks", "lavrov", ["fidan"]),
    ("meeting", "lavrov", ["jaishankar"]),
    ("phone_call", "lavrov", ["araghchi"]),
    ("meeting", "putin", ["wang"]),
    ("press_conference", "lavrov", ["fidan"]),
    ("meeting", "lavrov", ["vucic"]),
    ("remarks", "lavrov", ["wang"]),
    ("phone_call", "lavrov", ["brnabic", "dacic", "djuric"]),
    ("meeting", "lavrov", ["dacic"]),
    ("meeting", "shoigu", ["araghchi"]),
    ("press_conference", "lavrov", ["jaishankar"]),
    ("phone_call", "lavrov", ["wang"]),
    ("meeting", "putin", ["dacic"]),
    ("remarks", "lavrov", ["araghchi"]),
    ("meeting", "lavrov", ["fidan"]),
    ("phone_call", "lavrov", ["vulin"]),
    ("meeting", "lavrov", ["djuric", "vulin"]),
    ("press_conference", "lavrov", ["araghchi"]),
    ("remarks", "lavrov", ["djuric"]),
    ("meeting", "lavrov", ["jaishankar", "wang"]),
    ("phone_call", "putin", ["fidan"]),
    ("meeting", "lavrov", ["vulin"]),
    ("remarks", "lavrov", ["jaishankar"]),
    ("phone_call", "lavrov", ["djuric"]),
    ("meeting", "shoigu", ["wang"]),
    ("press_conference", "lavrov", ["dacic"]),
    ("meeting", "lavrov", ["araghchi", "fidan"]),
    ("phone_call", "lavrov", ["dacic"]),
    ("meeting", "putin", ["jaishankar"]),
    ("remarks", "lavrov", ["brnabic"]),
    ("meeting", "lavrov", ["wang", "araghchi"]),
]
# Events whose Russian version is not in the archive: only a near miss could be paired.
WITHOUT_RUSSIAN = {1, 10, 19, 28, 37}
MISS_KINDS = ["remarks_at", "announcement", "comment", "press_after"]


def names_en(keys):
    return " and ".join(f"{PEOPLE[k][1]} {PEOPLE[k][0]}" for k in keys)


def names_ru_instr(keys):
    return " и ".join(PEOPLE[k][3] for k in keys)


def figures(index):
    year = 2023 + index % 3
    return {
        "n1": 1244 if index % 2 else 2231,
        "n2": 10 + index,
        "n3": 5 + index % 17,
        "n4": 1200 + 37 * index,
        "n5": 2334 + index % 9,
        "n6": 9 + index % 3,
        "n7": 2 + index % 6,
        "n8": 1995,
        "year": year,
        "city_en": CITIES[index % len(CITIES)][0],
        "city_ru": CITIES[index % len(CITIES)][1],
    }


def topics(index, count, shift=0):
    chosen = [TOPICS[(index * 3 + shift + i * 4) % len(TOPICS)] for i in range(count)]
    values = figures(index + shift)
    return [en.format(**values) for en, _ in chosen], [ru.format(**values) for _, ru in chosen]


def day_of(index):
    month = 1 + (index * 5) % 12
    day = 1 + (index * 7) % 27
    year = 2023 + index % 3
    return year, month, day


def pair_texts(index, kind, host, guests):
    year, month, day = day_of(index)
    place_en, place_ru, place_in = PLACES[index % len(PLACES)]
    date_en, date_ru = f"{MONTHS_EN[month - 1]} {day}", f"{day} {MONTHS_RU[month - 1]}"
    body_en, body_ru = topics(index, 3)
    host_en = f"{PEOPLE[host][1]} {PEOPLE[host][0]}"
    host_ru = PEOPLE[host][2]
    if kind == "meeting":
        title_en = f"🇷🇺 On {date_en}, {host_en} held talks with {names_en(guests)} in {place_en}."
        title_ru = f"🇷🇺 {date_ru} в {place_in} состоялись переговоры: {host_ru} встретился с {names_ru_instr(guests)}."
        lead_en = "The parties discussed the current state and prospects of bilateral relations and key international issues."
        lead_ru = "Стороны обсудили текущее состояние и перспективы двусторонних отношений, а также ключевые международные вопросы."
    elif kind == "phone_call":
        title_en = f"📞 On {date_en}, {host_en} spoke over the phone with {names_en(guests)}."
        title_ru = f"📞 {date_ru} состоялся телефонный разговор: {host_ru} провёл беседу с {names_ru_instr(guests)}."
        lead_en = "The interlocutors reviewed the bilateral agenda in the spirit of strategic partnership."
        lead_ru = (
            "Собеседники рассмотрели двустороннюю повестку в духе стратегического партнёрства."
        )
    elif kind == "remarks":
        title_en = f"🎙 {host_en}’s opening remarks at the meeting with {names_en(guests)} ({place_en}, {date_en}, {year})"
        title_ru = f"🎙 Вступительное слово: {host_ru} в ходе встречи с {names_ru_instr(guests)} ({place_ru}, {date_ru} {year} года)"
        lead_en = "💬 We are glad to see you again. Our relations are developing steadily in all areas. <...>"
        lead_ru = "💬 Рады вновь видеть вас. Наши отношения поступательно развиваются во всех областях. <...>"
    else:
        title_en = f"🎙️ {host_en}’s statement and answers to media questions at a joint news conference with {names_en(guests)} ({place_en}, {date_en}, {year})"
        title_ru = f"🎙️ Пресс-конференция: {host_ru}, заявление и ответы на вопросы СМИ в ходе совместной пресс-конференции с {names_ru_instr(guests)} ({place_ru}, {date_ru} {year} года)"
        lead_en = "💬 We held substantive and trust-based talks. <...>"
        lead_ru = "💬 Мы провели содержательные и доверительные переговоры. <...>"
    text_en = "\n".join([lead_en, *body_en, "#RussiaAbroad"])
    text_ru = "\n".join([lead_ru, *body_ru, "#ВнешняяПолитика"])
    return (title_en, text_en), (title_ru, text_ru)


def near_miss(index, kind, host, guests):
    """A Russian statement of the same day naming the same people, but another statement."""
    year, month, day = day_of(index)
    place_en, place_ru, place_in = PLACES[index % len(PLACES)]
    date_ru = f"{day} {MONTHS_RU[month - 1]}"
    style = MISS_KINDS[index % len(MISS_KINDS)]
    host_ru = PEOPLE[host][2]
    if style == "remarks_at" and kind != "remarks":
        title = f"🎙 Вступительное слово: {host_ru} на переговорах с {names_ru_instr(guests)} ({place_ru}, {date_ru} {year} года)"
        body = [
            "💬 Уважаемые коллеги, рады приветствовать вас. <...>",
            "Мы ценим взаимопонимание, которое сложилось между нашими министерствами. <...>",
            "Предлагаю обменяться оценками по ситуации в Европе и в мире. <...>",
        ]
    elif style in ("announcement", "remarks_at"):
        title = f"📅 Анонс: {date_ru} {host_ru} проведёт переговоры с {names_ru_instr(guests)}."
        body = [
            "Планируется обсудить актуальные вопросы двусторонней и международной повестки дня."
        ]
    elif style == "comment":
        title = f"💬 Комментарий официального представителя МИД России М.В.Захаровой в связи с заявлениями, прозвучавшими накануне переговоров с {names_ru_instr(guests)}"
        body = [
            "Обратили внимание на очередные попытки западных СМИ исказить суть наших контактов.",
            "Подобные вбросы мы расцениваем как элемент информационной войны. <...>",
            f"Отмечаем, что {host_ru} подробно ответит на вопросы журналистов по итогам встречи.",
        ]
    else:
        title = f"🎙️ Пресс-конференция: {host_ru} ответил на вопросы СМИ по итогам переговоров с {names_ru_instr(guests)} ({place_ru}, {date_ru} {year} года)"
        body = [
            "❓ Вопрос: Как Вы оцениваете итоги сегодняшних переговоров?",
            "💬 Ответ: Переговоры были полезными. Мы договорились продолжать контакты. <...>",
            "❓ Вопрос: Обсуждалась ли ситуация на Украине?",
            "💬 Ответ: Да, мы информировали партнёров о нашей позиции. <...>",
        ]
    return title, "\n".join(body)


def published(index, hour, next_day=False):
    year, month, day = day_of(index)
    return (
        f"{year}-{month:02d}-{day:02d}T{hour:02d}:{(index * 13) % 60:02d}:00+03:00"
        if not next_day
        else (f"{year}-{month:02d}-{day:02d}T23:{(index * 13) % 60:02d}:00+03:00")
    )


def build():
    statements, pairs, near_misses = [], [], []
    for index, (kind, host, guests) in enumerate(EVENTS):
        (title_en, text_en), (title_ru, text_ru) = pair_texts(index, kind, host, guests)
        en_id, ru_id, miss_id = f"en-{index}", f"ru-{index}", f"ru-miss-{index}"
        # Russian first (the ministry's own channel), English hours later.
        ru_hour, en_hour = 10 + index % 5, 14 + index % 8
        statements.append(
            {
                "id": en_id,
                "language": "en",
                "published_at": published(index, en_hour, index % 7 == 3),
                "title": title_en,
                "text": text_en,
            }
        )
        if index not in WITHOUT_RUSSIAN:
            statements.append(
                {
                    "id": ru_id,
                    "language": "ru",
                    "published_at": published(index, ru_hour),
                    "title": title_ru,
                    "text": text_ru,
                }
            )
            pairs.append([en_id, ru_id])
        if index % 9 != 8:  # most events also have a near miss
            title, text = near_miss(index, kind, host, guests)
            statements.append(
                {
                    "id": miss_id,
                    "language": "ru",
                    "published_at": published(index, 9 + index % 3),
                    "title": title,
                    "text": text,
                }
            )
            near_misses.append([en_id, miss_id])
    data = {
        "participants": PARTICIPANTS,
        "statements": statements,
        "pairs": pairs,
        "near_misses": near_misses,
        "reference_pairs": [],
    }
    add_reference(data)
    return data


# The scrape's seven posts in Russian, written for these tests: when the English and the
# Russian versions were published, and the Russian title and text.
REFERENCE = [
    (
        "2022-09-24T09:10:00+03:00",
        "2022-09-23T22:40:00+03:00",
        "🇷🇺🇷🇸 23 сентября Министр иностранных дел Российской Федерации С.В.Лавров на полях 77-й сессии Генеральной Ассамблеи ООН встретился с Президентом Республики Сербии А.Вучичем.",
        "🤝 В ходе обмена мнениями по актуальным вопросам двусторонней и международной повестки дня стороны подчеркнули обоюдную приверженность дальнейшему развитию российско-сербских отношений, углублению стратегического партнёрства двух стран, продолжению интенсивного диалога на высшем и высоком уровнях.\n❗️ Россия и Сербия придерживаются идентичных позиций по косовскому урегулированию на основе международного права и ключевой резолюции СБ ООН 1244. Стороны подчеркнули безотлагательность полного выполнения Приштиной своих обязательств, включая формирование Сообщества сербских муниципалитетов в Косово с широким кругом исполнительных полномочий.\nТакже состоялся обмен мнениями о развитии ситуации на Балканах и актуальных международных проблемах.\n#РоссияСербия",
    ),
    (
        "2024-03-21T16:20:00+03:00",
        "2024-03-21T12:05:00+03:00",
        "🇷🇺🇷🇸 Вступительное слово Министра иностранных дел Российской Федерации С.В.Лаврова в ходе переговоров с Первым заместителем Председателя Правительства – Министром иностранных дел Сербии И.Дачичем (Москва, 21 марта 2024 года)",
        "💬 Рады вас видеть. Высоко ценим отношения, которые складываются между Российской Федерацией и Сербией. Их направленность задаётся регулярными контактами между нашими президентами В.В.Путиным и А.Вучичем. <...>\n⚽️ Сегодня будем присутствовать на футбольном матче между сборными России и Сербии. Интерес к этому событию огромный. Стадион будет полным. Уверен, что игроки покажут свою лучшую игру.\n☝️Такие встречи укрепляют основы международного спортивного движения и полностью отвечают принципам олимпизма, которые в последние годы проходят через испытания. Не в последнюю очередь это связано с позицией МОК. Считаем недопустимой политизацию спорта.\nЭта линия Запада продолжается при поддержке международных чиновников. Не похоже, что она скоро закончится. Она отражает курс «коллективного Запада» во главе с США на политизацию всех международных отношений, включая торгово-экономические. Их действия дискредитируют институты (Международный валютный фонд, Всемирный банк, Всемирная торговая организация), созданные после Второй мировой войны для регулирования глобальных процессов. <...>\n🇺🇳 Особое значение имеет коллективная работа в ООН и других многосторонних структурах для отстаивания принципов, на которых основана международная система, созданная после Второй мировой войны. Запад явно не заинтересован в их выполнении. <...>\nСегодня рассчитываем подробно обсудить наши двусторонние дела и взаимодействие на международных площадках. Заинтересованы услышать вашу оценку происходящего на Балканах, где сложилась серьёзная ситуация. Мы все заинтересованы в предотвращении новых кризисов.\nЧитать полностью\n#РоссияСербия",
    ),
    (
        "2025-05-06T18:30:00+03:00",
        "2025-05-06T15:45:00+03:00",
        "🇷🇺🇷🇸📞 6 мая состоялся телефонный разговор Министра иностранных дел Российской Федерации С.В.Лаврова с Председателем Народной скупщины Республики Сербии А.Брнабич, Заместителем Председателя Правительства – Министром внутренних дел Республики Сербии И.Дачичем и Министром иностранных дел Сербии М.Джуричем.",
        "Стороны затронули ряд ключевых аспектов двустороннего сотрудничества в духе стратегического партнёрства, подтвердили обоюдный настрой на укрепление взаимодействия, продолжение диалога на высшем и высоком уровнях, а также в межведомственном формате.\nВ центре внимания было также взаимодействие на многосторонних площадках, прежде всего в системе ООН. Отмечены близость подходов и взаимная заинтересованность в дальнейшей координации шагов по ключевым вопросам международной повестки дня.\nОбе стороны выразили решимость противостоять злонамеренным попыткам исказить отдельные исторические события на Балканах, подчеркнули недопустимость навешивания политизированных ярлыков на государства и народы.\nОсобое внимание уделено ситуации на Балканах, косовскому урегулированию, положению в Боснии и Герцеговине и вокруг неё. Отмечено единодушие в понимании необходимости опираться на международное право и основополагающие резолюции СБ ООН 1031 и 1244.\n#РоссияСербия",
    ),
    (
        "2024-08-14T17:10:00+03:00",
        "2024-08-14T13:30:00+03:00",
        "🎙 Вступительное слово Министра иностранных дел Российской Федерации С.В.Лаврова в ходе встречи с Заместителем Председателя Правительства Сербии А.Вулиным (Москва, 14 августа 2024 года)",
        "💬 Рады, что вы вновь посетили Российскую Федерацию. <...>\nНужно развивать наше сотрудничество во всех областях. Это особенно актуально, когда естественные отношения между государствами, которые хотят работать вместе, подвергаются беспрецедентным атакам со стороны тех, кто стремится идеологизировать мировую политику и подчинить её правилам, придуманным «коллективным Западом» для сохранения гегемонии. <...>\nВ интервью РИА Новости вы упомянули такой метод, как «цветные революции», используемый Западом для подавления инакомыслящих. В частности, вы привели пример октября 2000 года, когда в Сербии была предпринята первая такая явная попытка с нелегитимной сменой власти. Затем Запад применял тактику «цветных революций» в Грузии и на Украине с разной степенью успеха. Сейчас нечто подобное происходит в Молдавии. Совсем недавно очередная попытка была предпринята в Сербии.\nМы оценили твёрдость Президента Сербии А.Вучича и его команды в противостоянии этим попыткам и в отстаивании принципов, которые раздражают Запад <...>. Всесербский собор показал, что это полностью отвечает интересам сербов в Сербии и в Боснии и Герцеговине.\nНе могу не упомянуть, что Запад пытается разрушить каноническое православие. Русская православная церковь и Сербская православная церковь вместе с другими братскими церквями активно защищают свои права и идеалы, общие для всех крупнейших мировых религий, которые Запад пытается заменить «неолиберальными ценностями».\n🤝 Нынешние глобальные процессы, которые я попытался кратко описать с точки зрения России, требуют ещё большей консолидации тех, кто выступает за принципы Устава ООН во всей их полноте и взаимосвязи, а не выборочно, лишь в тех частях, которые нужны Западу для оправдания своей агрессивной политики.\nЧитать полностью\n#РоссияСербия",
    ),
    (
        "2024-08-14T19:40:00+03:00",
        "2024-08-14T16:15:00+03:00",
        "🇷🇺🇷🇸 14 августа в Москве состоялась встреча Министра иностранных дел Российской Федерации С.В.Лаврова с Заместителем Председателя Правительства Республики Сербии А.Вулиным.",
        "Состоялось обстоятельное обсуждение широкого круга вопросов двустороннего сотрудничества и дальнейших шагов по расширению стратегического партнёрства между Россией и Сербией.\nСтороны подтвердили взаимную заинтересованность в поддержании регулярного политического диалога и реализации перспективных взаимовыгодных проектов.\nОтмечено совпадение подходов двух стран к урегулированию косовской проблемы на основе резолюции СБ ООН 1244, тесная координация дипломатических усилий по защите суверенитета и территориальной целостности Сербии, при должном уважении прав сербского населения Косово и Метохии.\n☝️ Подчёркнута необходимость пресечь шаги киевского режима по уничтожению русского языка, образования, СМИ, культуры и канонической Украинской православной церкви на Украине.\nОбсуждены некоторые актуальные аспекты ситуации на Балканах, условились продолжать совместную работу в интересах укрепления безопасности и стабильности, противодействия любым попыткам деструктивного внешнего вмешательства в дела региона.\n#РоссияСербия",
    ),
    (
        "2024-09-05T15:00:00+03:00",
        "2024-09-05T11:20:00+03:00",
        "🇷🇺🇷🇸 Президент России В.В.Путин и Заместитель Председателя Правительства Сербии А.Вулин встретились на полях Восточного экономического форума.",
        "💬 В.В.Путин: Надеюсь, что ваша деловая миссия здесь будет успешной и полезной, в том числе с точки зрения внимательного изучения и оценки возможностей сотрудничества с российским Дальним Востоком – огромным регионом с колоссальным потенциалом и перспективами.\nЗдесь очень много гостей из самых разных стран, представляющих компании всех видов со всего мира, в том числе из Азии и Европы. Думаю, что помимо участия в неформальных дискуссиях и официальных мероприятиях вы сможете пообщаться и с коллегами из других стран. Этим, помимо прочего, и ценны такие мероприятия.\n🤝 Что касается наших двусторонних отношений, то хорошо известно, что они собой представляют. Имею в виду глубинные отношения, их исторические корни и духовную близость народов России, русского и сербского народов.\nК сожалению, что касается торгово-экономических связей, товарооборот сокращается, хотя и незначительно. Знаю, что вы и ваш кабинет занимаетесь этими вопросами. Возможно, пора провести заседание межправкомиссии, чтобы рассмотреть препятствия и устранить их. Кроме того, у нас много интересных направлений сотрудничества в промышленности и на транспорте.\nКак вы знаете, Россия играет ключевую роль в обеспечении Сербии энергоресурсами, делает это эффективно и на высоком уровне, всегда своевременно и на выгодных для Сербии условиях. Это мы тоже обсудим. Есть конкретные вопросы, которые нужно решить. Например, имею в виду то, что сроки наших газовых контрактов истекают в марте 2025 года.\nКонечно, рассчитываем услышать вашу оценку происходящего в регионе с точки зрения безопасности и выполнения существующих международных договорённостей, прежде всего Дейтонского соглашения.\n📄 Читать полностью\n#РоссияСербия",
    ),
    (
        "2025-02-17T19:00:00+03:00",
        "2025-02-17T15:30:00+03:00",
        "🎙️ Заявление и ответы на вопросы СМИ Министра иностранных дел Российской Федерации С.В.Лаврова в ходе совместной пресс-конференции с Министром иностранных дел Республики Сербии М.Джуричем по итогам переговоров (Москва, 17 февраля 2025 года)",
        "💬 С.В.Лавров: Мы провели откровенные и доверительные переговоры, как всегда бывает при общении с нашими сербскими друзьями.\nСотрудничество Сербии и России планомерно продвигается по всем ключевым направлениям. Важно, что наши партнёры в Белграде не присоединились к санкционной кампании, развязанной Западом против Российской Федерации. <…>\nЦеним сбалансированную и суверенную внешнюю политику Сербии, основанную на национальных интересах, и считаем, что это залог успешного развития двусторонних отношений. <…>\nПодробно обсудили энергетическое сотрудничество. Россия – крупнейший поставщик природного газа в Сербию и покрывает до 85% её потребностей в газе. Мы ни разу ни в чём не подвели наших сербских друзей. <…>\nБольшое внимание уделили дате, имеющей огромное значение для всех нас, – 80-летию Великой Победы. 9 мая в Москве пройдут торжественные мероприятия с участием высоких иностранных гостей. Президент Сербии А.Вучич подтвердил своё участие. <…>\n🤝 Обсудили региональные и международные приоритеты. На мировой арене вместе с сербскими друзьями руководствуемся принципами Устава ООН. Выступаем за формирование более справедливого миропорядка, за реализацию на практике основополагающего принципа суверенного равенства государств, закреплённого в статье 1 Устава ООН. <…>\nПодтвердили готовность России содействовать защите законных прав Сербии в том, что касается Косово. <…>\nИз ответов на вопросы СМИ\n❓ Вопрос: По данным Кремля, по поручению Президента В.В.Путина Вы направляетесь в Эр-Рияд для участия в российско-американских переговорах.\n💬 С.В.Лавров: Это так.\n❓ Вопрос: Каковы Ваши ожидания от этих переговоров?\n💬 С.В.Лавров: Когда мы едем на переговоры по предложению партнёров, наш приоритет – выслушать, что они нам скажут.\nКогда Президент В.В.Путин и Президент Д.Трамп разговаривали по телефону, они согласились, что необходимо оставить в прошлом период ненормальных отношений между двумя великими державами. Президенты договорились, что важно возобновить диалог по всем вопросам.\nБудем слушать, что скажут американские собеседники. Будем готовы ответить и доложить своим руководителям, которые примут решение о дальнейших шагах.\nЧитать полностью\n#РоссияСербия",
    ),
]


def reference_posts():
    """The scrape's seven posts (title and text up to their hashtag), in order."""
    lines = (
        (HERE.parent.parent / "statements/demo/russia_serbia_tme_scrape.txt")
        .read_text()
        .splitlines()
    )
    posts, current = [], None
    for line in lines:
        if line.startswith("Forwarded from"):
            current = []
            posts.append(current)
        elif (
            current is not None
            and not (current and current[-1] == "#RussiaSerbia")
            and line not in ("This media is not supported in your browser", "VIEW IN TELEGRAM")
        ):
            current.append(line)
    return [(post[0], "\n".join(post[1:])) for post in posts]


def add_reference(data):
    for number, ((title_en, text_en), (en_at, ru_at, title_ru, text_ru)) in enumerate(
        zip(reference_posts(), REFERENCE, strict=True)
    ):
        en_id, ru_id = f"ref-en-{number}", f"ref-ru-{number}"
        data["statements"] += [
            {
                "id": en_id,
                "language": "en",
                "published_at": en_at,
                "title": title_en,
                "text": text_en,
            },
            {
                "id": ru_id,
                "language": "ru",
                "published_at": ru_at,
                "title": title_ru,
                "text": text_ru,
            },
        ]
        data["reference_pairs"].append([en_id, ru_id])


if __name__ == "__main__":
    data = build()
    (HERE / "translation_pairs.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    )
    print(
        len(data["pairs"]),
        "pairs,",
        len(data["reference_pairs"]),
        "reference pairs,",
        len(data["near_misses"]),
        "near misses",
    )
