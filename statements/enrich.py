"""Fields extracted from a statement's text: title, kind, event date and place,
language, hashtags, and the participants it names.

Plain functions over strings, so every format's importer shares them. No Django
here: the import pipeline runs enrich_records in a second process.
"""

import hashlib
import re
import unicodedata
from datetime import date, datetime

# Control characters: never kept in text (they would collide with search's highlight markers).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Pictographs, flags, keycaps and the joiners and selectors that build emoji.
EMOJI_MODIFIERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def is_emoji(char: str) -> bool:
    return (
        char in EMOJI_MODIFIERS
        or unicodedata.category(char) == "So"
        or 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tones
        or 0xE0020 <= ord(char) <= 0xE007F  # tag characters of subdivision flags
    )


def strip_emoji(text: str) -> str:
    if text.isascii():
        without = text
    else:
        without = "".join(" " if char > "\x7f" and is_emoji(char) else char for char in text)
    return re.sub(r"[ \t]+", " ", without).strip()


def clean_text(text: str) -> str:
    """NFC, no control characters, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL_CHARACTERS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_title(text: str) -> tuple[str, str]:
    """The headline (first line, emoji stripped) and the body after it.

    A one-line post is its own title and body.
    """
    lines = text.strip().split("\n", 1)
    title = strip_emoji(lines[0])
    body = lines[1].strip() if len(lines) > 1 else text.strip()
    if not title:
        return split_title(body) if len(lines) > 1 else ("", text.strip())
    return title, body


def content_hash(title: str, text: str) -> str:
    normalised = " ".join(f"{title}\n{text}".split())
    return hashlib.sha256(normalised.encode()).hexdigest()


NON_WORD = re.compile(r"[\W_]+")


# Shorter texts ("#Lavrov", "Briefing") are too common to say two posts are one.
MIN_FINGERPRINT_LETTERS = 80


def text_fingerprint(title: str, text: str, folded: str | None = None) -> str:
    """The same words whatever the emoji, punctuation, case, diacritics and line breaks:
    a post scraped from the web preview and the same post in an export match.
    Empty for texts too short to tell."""
    folded = fold(f"{title}\n{text}") if folded is None else folded
    letters_and_digits = NON_WORD.sub("", folded)
    if len(letters_and_digits) < MIN_FINGERPRINT_LETTERS:
        return ""
    return hashlib.sha256(letters_and_digits.encode()).hexdigest()


HASHTAG = re.compile(r"(?<![\w#&])#(\w{1,100})")


def extract_hashtags(text: str) -> list[str]:
    """Hashtags in order of first appearance, case-insensitively unique, with '#'."""
    seen, found = set(), []
    for match in HASHTAG.finditer(text):
        tag = match.group(1)
        if tag.isdigit() or tag.casefold() in seen:
            continue
        seen.add(tag.casefold())
        found.append(f"#{tag}")
    return found


# Cues per kind. The earliest cue in the headline (else the text) wins; ties go to the first listed.
KIND_CUES = [
    (
        "phone_call",
        r"spoke (?:over|by) (?:the )?(?:tele)?phone|(?:tele)?phone (?:call|conversation|talk)s?"
        r"|телефонн\w+ разговор|по телефону",
    ),
    (
        "press_conference",
        r"news conference|press conference|press briefing|briefing"
        r"|пресс-конференц|брифинг",
    ),
    ("interview", r"\binterview|интервью"),
    (
        "remarks",
        r"\bremarks\b|\bspeech\b|\baddress(?:es|ed)? (?:at|to|the)\b"
        r"|выступлени|вступительное слово",
    ),
    ("meeting", r"\bmet\b|\bmeeting\b|\bmeets\b|held talks|\btalks with\b|встреч|переговор"),
    ("comment", r"\bcomment|\bstatement by\b|комментари|заявлени"),
    ("article", r"\barticle\b|\bop-ed\b|стать[яи]"),
]
# One alternation: the earliest cue wins, and at one place the kind listed first.
KIND_PATTERN = re.compile(
    "|".join(f"(?P<{kind}>{cues})" for kind, cues in KIND_CUES), re.IGNORECASE
)
KIND_TEXT_CHARACTERS = 2000


def detect_kind(title: str, text: str) -> str:
    """The kind whose cue comes first in the headline, else first in the text's opening.

    "Comment by the Spokeswoman on the press conference" is a comment; "Opening
    remarks at the meeting" are remarks.
    """
    for haystack in (title, text[:KIND_TEXT_CHARACTERS]):
        match = KIND_PATTERN.search(haystack)
        if match:
            return match.lastgroup
    return "message"


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "января", "январь"),
            ("february", "feb", "февраля", "февраль"),
            ("march", "mar", "марта", "март"),
            ("april", "apr", "апреля", "апрель"),
            ("may", "мая", "май"),
            ("june", "jun", "июня", "июнь"),
            ("july", "jul", "июля", "июль"),
            ("august", "aug", "августа", "август"),
            ("september", "sep", "sept", "сентября", "сентябрь"),
            ("october", "oct", "октября", "октябрь"),
            ("november", "nov", "ноября", "ноябрь"),
            ("december", "dec", "декабря", "декабрь"),
        ],
        start=1,
    )
    for name in names
}
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?P<day>\d{1,2})"
YEAR = r"(?P<year>\d{4})"
PLACE = r"(?P<place>[^\W\d][^(),\n]{1,60}?)"
EVENT_PATTERNS = [
    # (Moscow, March 21, 2024) / (Москва, 21 марта 2024 года)
    re.compile(rf"\({PLACE},\s*{MONTH}\s+{DAY},?\s+{YEAR}\)", re.IGNORECASE),
    re.compile(rf"\({PLACE},\s*{DAY}\s+{MONTH},?\s+{YEAR}(?:\s*(?:года|г\.?))?\)", re.IGNORECASE),
    # On August 14, … / On 14 August 2024 … / 14 августа …
    re.compile(rf"\bOn\s+{MONTH}\s+{DAY}(?:st|nd|rd|th)?(?:,\s*{YEAR})?\b", re.IGNORECASE),
    re.compile(rf"\bOn\s+{DAY}\s+{MONTH}(?:\s+{YEAR})?\b", re.IGNORECASE),
    re.compile(rf"(?:^|[\s(])(?P<ru>){DAY}\s+{MONTH}(?:\s+{YEAR}\s*(?:года|г\.)?)?(?=[\s,.])"),
]
MET_IN_PLACE = re.compile(
    r"\b(?:met|held talks|talks|meeting|visit)\s+in\s+"
    r"(?P<place>(?:St\.\s*|Saint\s+|New\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
    r"|(?:встретились|переговоры|встреча)\s+в\s+(?P<ru_place>[А-Я][а-я]+(?:[ -][А-Я][а-я]+)?)"
)


def extract_event(title: str, text: str, published_at: datetime | None):
    """Event date, the date as written, and place, from the headline or the first paragraph.

    A date without a year takes the year of publication (the year before, when the
    day would fall after publication); with no publication date it stays unset.
    """
    first_paragraph = text.split("\n", 1)[0]
    event_date, date_text, place = None, "", ""
    for haystack in (title, first_paragraph):
        for pattern in EVENT_PATTERNS:
            match = pattern.search(haystack)
            if not match:
                continue
            groups = match.groupdict()
            place = place or (groups.get("place") or "").strip()
            date_text = match.group(0).strip(" ()")
            if date_text.lower().startswith("on "):
                date_text = date_text[3:]
            event_date = _make_date(groups, published_at)
            break
        if date_text:
            break
    if not place:
        for haystack in (title, first_paragraph):
            for match in MET_IN_PLACE.finditer(haystack):
                candidate = match.group("place") or match.group("ru_place")
                if candidate.split()[0].lower().rstrip(".") not in MONTHS:  # "met in October"
                    place = candidate
                    break
            if place:
                break
    return event_date, date_text, place


def _make_date(groups: dict, published_at: datetime | None) -> date | None:
    month = MONTHS[groups["month"].lower().rstrip(".")]
    day = int(groups["day"])
    if groups.get("year"):
        year = int(groups["year"])
    elif published_at:
        year = published_at.year
        try:
            if date(year, month, day) > published_at.date():
                year -= 1
        except ValueError:
            return None
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]")
CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04ff]")
SERBIAN_ONLY_WORD = re.compile(r"\w*[ђћџљњјЂЋЏЉЊЈ]\w*")
RUSSIAN_ONLY_WORD = re.compile(r"\w*[ыэъёйщЫЭЪЁЙЩ]\w*")
SERBIAN_LATIN_LETTER = re.compile("[čćđšžČĆĐŠŽ]")
# Frequent Serbian words that are not English words (so "I" or "a" do not count).
SERBIAN_LATIN_WORDS = re.compile(
    r"\b(?:je|su|sa|za|od|koji|koja|koje|što|nije|kao|ali|ili|biti|bio|bila|smo|ste|će|već|"
    r"ovo|taj|kako|kada|zbog|prema|između|godine|Srbije|Srbija|Rusije|odnosa)\b"
)


def detect_language(text: str, default: str = "en") -> str:
    """en, ru or sr from the letters and common words; the source's default when unsure."""
    text = text[:1500]  # plenty to tell, and long posts stay cheap
    if not CYRILLIC_LETTERS.search(text) and not SERBIAN_LATIN_LETTER.search(text):
        # Latin without Serbian letters (most posts): no counting needed.
        if len(LATIN_LETTERS.findall(text[:40])) < 10:
            return default
        return "en" if default in ("ru", "sr") else default
    cyrillic = CYRILLIC_LETTERS.subn("", text)[1]  # counts without a list of matches
    letters = cyrillic + LATIN_LETTERS.subn("", text)[1]
    if letters < 10:
        return default
    if cyrillic > letters / 2:
        # Words only Serbian spells (је, Ђурић) against words only Russian spells (ы, й, щ…):
        # a Serbian name in a Russian text does not make it Serbian.
        serbian = len(SERBIAN_ONLY_WORD.findall(text))
        russian = len(RUSSIAN_ONLY_WORD.findall(text))
        return "sr" if serbian > russian else "ru"
    words = text.count(" ") + 1
    serbian_words = len(SERBIAN_LATIN_WORDS.findall(text))
    serbian_letters = len(SERBIAN_LATIN_LETTER.findall(text))
    if serbian_words > words * 0.06 and serbian_letters > letters * 0.005:
        return "sr"
    # Latin script that is not Serbian: English unless the source says another Latin language.
    return "en" if default in ("ru", "sr") else default


COMBINING_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without diacritics: Đurić → duric, Vučić → vucic, Ёлка → елка.

    й stays й: in Russian it is a letter of its own, not и with a mark.
    """
    if text.isascii():
        return text.lower()
    text = text.replace("đ", "d").replace("Đ", "D").replace("ё", "е").replace("Ё", "Е")
    text = text.replace("й", "\ue000").replace("Й", "\ue001")
    decomposed = COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return decomposed.replace("\ue000", "й").replace("\ue001", "Й").lower()


def spelling_variants(spelling: str) -> set[str]:
    """Folded forms of a name as texts may write it: Đurić gives duric and djuric."""
    variants = {fold(spelling)}
    if "đ" in spelling.lower():
        variants.add(fold(spelling.replace("đ", "dj").replace("Đ", "Dj")))
    return {variant for variant in variants if variant.strip()}


RUSSIAN_WORD = re.compile(r"[а-яй]{3,}")
RUSSIAN_ENDINGS = r"(?:а|у|ом|ым|ой|ою|е|ы|ем|и|я|ю|ей|ого|ому)?"
SERBIAN_SURNAME = re.compile(r"\w+(?:ic|ић)")  # Vučić, Đurić, Dačić, Вучић
SERBIAN_ENDINGS = r"(?:a|u|em|e|i|ima|а|у|ем|е|и|има)?"


def _name_pattern(folded: str) -> str:
    """A regex for a folded spelling that also finds the name declined.

    Russian: in a name of several words each word may decline (Сергей Лавров →
    Сергея Лаврова); a one-word spelling only takes endings (Лавров → Лаврова,
    but Захарова does not find Захаров). Serbian surnames in -ić take case endings
    (Vučićem, Dačića).
    """
    tokens = re.findall(r"\w+", folded)
    parts = []
    for token in tokens:
        if RUSSIAN_WORD.fullmatch(token) and len(tokens) > 1 and token[-1] in "аеиоуыэюяйь":
            part = re.escape(token[:-1]) + r"\w{0,3}"
        elif RUSSIAN_WORD.fullmatch(token):
            part = re.escape(token) + RUSSIAN_ENDINGS
        elif SERBIAN_SURNAME.fullmatch(token):
            part = re.escape(token) + SERBIAN_ENDINGS
        else:
            part = re.escape(token)
        parts.append(part)
    # Words are separated by something: "С.В.Лавров" by dots, never "SLavrov" by nothing.
    return r"\W+".join(parts)


class ParticipantMatcher:
    """Finds which of the given participants a text names, by any spelling.

    Each participant has a regex of all its spellings; a text is only tried against the
    participants whose longest name word starts like a word of the text, so hundreds of
    participants cost little more than a few.
    """

    def __init__(self, participants):
        self.participants, self.regexes = [], []
        self.by_start: dict[str, set[int]] = {}
        for participant in participants:
            forms = set()
            for spelling in participant.spellings:
                forms |= spelling_variants(spelling)
            forms = {form for form in forms if re.search(r"\w", form)}
            if not forms:
                continue
            alternatives = sorted(map(_name_pattern, forms), key=len, reverse=True)
            index = len(self.participants)
            self.participants.append(participant)
            self.regexes.append(re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"))
            for form in forms:
                self.by_start.setdefault(_start(form), set()).add(index)

    def find(self, *texts: str, folded: str | None = None) -> list:
        """Participants named in the texts (or in their already folded form)."""
        if not self.participants:
            return []
        folded = fold("\n".join(texts)) if folded is None else folded
        starts = {word[:START] for word in re.findall(r"\w+", folded)}
        candidates = set().union(*(self.by_start.get(start, ()) for start in starts))
        return [
            self.participants[index]
            for index in sorted(candidates)
            if self.regexes[index].search(folded)
        ]


START = 3  # letters of a word's start that index the participants


def _start(form: str) -> str:
    """How the longest word of a spelling starts in any declined form of it."""
    longest = max(re.findall(r"\w+", form), key=len)
    return longest[:START]


# Suggested participants ----------------------------------------------------------------
# Names that follow a title: "Foreign Minister of Hungary Péter Szijjártó", «Президент
# Сербии А.Вучич». The importer queues unknown ones for an editor (statements/suggestions.py).


def _letters(is_case) -> str:
    """The Latin and Cyrillic letters of one case, for a character class ([A-Z] misses Š)."""
    return "".join(chr(code) for code in range(0x41, 0x530) if is_case(chr(code)))


UPPER = f"[{_letters(str.isupper)}]"
LOWER = f"[{_letters(str.islower)}]"
GAP = r"[^\S\n]+"  # a name never runs over a line break
# Capitalised, then lower case: not "NATO" nor "МИД". Lavrov's gives Lavrov.
NAME_WORD = rf"{UPPER}{LOWER}[^\W\d_]*(?:-{UPPER}?[^\W\d_]+|['’]{UPPER}[^\W\d_]+)*"
INITIALS = rf"(?:{UPPER}\.(?:{GAP})?){{1,2}}"  # С.В. / P. / С. В.
NAME_END = rf"(?![\w'’-])(?!{GAP}{UPPER})"  # where the capitalised words end

EN_TITLE = (
    r"(?i:foreign\s+minister|(?:interior|defen[cs]e)\s+minister|prime\s+minister"
    r"|minister\s+of\s+(?:foreign|internal)\s+affairs|minister\s+of\s+defen[cs]e"
    r"|foreign\s+secretary|secretary\s+of\s+state|president"
    r"|ambassador(?:\s+extraordinary\s+and\s+plenipotentiary)?)"
)
# "of the Republic of Serbia", "to Russia": each as short as the name after it allows.
EN_QUALIFIER = rf"{GAP}(?:of|to|in){GAP}(?:the{GAP})?(?:{NAME_WORD}{GAP}){{0,2}}?{NAME_WORD}"
EN_NAME = rf"{INITIALS}{NAME_WORD}|{NAME_WORD}(?:{GAP}(?:{UPPER}\.{GAP})?{NAME_WORD}){{1,3}}"
EN_SUGGESTION = re.compile(rf"(?<!\w){EN_TITLE}(?:{EN_QUALIFIER}){{0,3}}{GAP}(?P<name>{EN_NAME})")

RU_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?"
RU_PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:ович|евич|овна|евна|ична|инична)(?!\w)"
RU_TITLE = (
    r"(?:[Мм]инистр\w{0,2}\s+иностранных\s+дел|[Гг]лав\w{1,2}\s+МИД\w?|[Пп]резидент\w{0,2}"
    r"|[Пп]ремьер-министр\w{0,2}|[Пп]редседател\w{1,2}\s+[Пп]равительства"
    r"|[Пп]ос(?:ол|ла|лу|лом))"
)
# A country in the genitive: «Сербии», «Российской Федерации», «Республики Сербия», «США».
RU_COUNTRY = (
    r"(?:(?:Российской|Республики|Соедин[её]нных|Объедин[её]нных|Южной|Северной|Саудовской"
    r"|Исламской|Китайской|Народной|Федеративной|Арабской)\s+){0,2}"
    r"(?:[А-ЯЁ][а-яё]+(?:ии|и|ы|а|я|ой|ов)(?:\s+и\s+[А-ЯЁ][а-яё]+)?|США|КНР|КНДР|ОАЭ|ФРГ|РФ|ЮАР)"
    r"(?:\s+Америки)?(?!\w)"
)
RU_NAME = (
    rf"(?:{INITIALS}{RU_WORD}|(?!{RU_PATRONYMIC}){RU_WORD}(?:{GAP}{RU_PATRONYMIC})?{GAP}{RU_WORD})"
)
RU_SUGGESTION = re.compile(
    rf"(?<!\w)(?P<title>{RU_TITLE})(?:{GAP}{RU_COUNTRY}(?:{GAP}в{GAP}{RU_WORD})?)?{GAP}"
    rf"(?P<name>{RU_NAME}){NAME_END}"
)

SR_TITLE = (
    r"(?:[Mm]inistar(?:ka)?\s+spoljnih\s+poslova|[Pp]redsedni(?:k|ca)|[Pp]remijer(?:ka)?"
    r"|[Aa]mbasador(?:ka)?|[Мм]инистар(?:ка)?\s+спољних\s+послова|[Пп]редседни(?:к|ца)"
    r"|[Пп]ремијер(?:ка)?|[Аа]мбасадор(?:ка)?)(?!\w)"
)
SR_COUNTRY = rf"(?:{NAME_WORD}[eе]{GAP})?{NAME_WORD}[eе](?!\w)"  # Srbije, Ruske Federacije
SR_SUGGESTION = re.compile(
    rf"(?<!\w){SR_TITLE}(?:{GAP}{SR_COUNTRY})?{GAP}"
    rf"(?P<name>{NAME_WORD}(?:{GAP}{NAME_WORD}){{1,2}}){NAME_END}"
)

# Words a capitalised run of names may take in that are no one's name: titles, places of
# several words ("Russian Federation"), verbs of headlines in title case, months.
NOT_A_NAME = re.compile(
    r"(?:mrs?|ms|dr|his|her|excellency|the|and|of|ministers?|ministry|foreign|affairs"
    r"|president|prime|deputy|ambassador|secretary|state|general|spokes(?:wo)?(?:man|person)"
    r"|government|parliament|assembly|national|council|commission|union|nations|federation"
    r"|republic|kingdom|states|emirates|arabia|korea|africa|zealand|lanka|rica|leone|faso"
    r"|guinea|macedonia|herzegovina|srpska|sudan|ossetia|islands|coast|federacije|republike"
    r"|федерации|республики|штатов|правительства"
    r"|meets|met|holds|held|says|said|speaks|spoke|visits|receives|attends|talks|calls|answers"
    r"|addresses|opening|remarks|statement|interview|article|press|news|conference|briefing"
    r"|comment|message|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    + "|".join(month for month in MONTHS if len(month) > 3)  # not May: Theresa May
    + ")"
)
# Russian and Serbian words shaped like a country or an adjective, not a name: «Сербии»,
# «Российской», «Srbije».
NOT_NAME_SHAPE = re.compile(r"(?:ии|ской|ского|ских|ых|ije|ије|ske|ске)$")
CONSONANTS = "бвгджзклмнпрстфхцчшщ"
HUSHING = "жцчшщ"
# Endings that give a Russian name back in the nominative, by the case of the title before
# it («с Министром … М.Джуричем» → М.Джурич): (ending, replacement, letters the stem must
# end in, or None for any).
RUSSIAN_NOMINATIVE = {
    "gen": [
        ("ея", "ей", None),
        ("ии", "ия", None),
        ("ой", "а", None),
        ("ы", "а", None),
        ("а", "", CONSONANTS),
        ("я", "ь", CONSONANTS),
    ],
    "dat": [
        ("ею", "ей", None),
        ("ии", "ия", None),
        ("ой", "а", None),
        ("у", "", CONSONANTS),
        ("ю", "ь", CONSONANTS),
        ("е", "", CONSONANTS),
    ],
    "ins": [
        ("еем", "ей", None),
        ("ией", "ия", None),
        ("ой", "а", None),
        ("ым", "", CONSONANTS),
        ("ом", "", CONSONANTS),
        ("ем", "", HUSHING),
        ("ем", "ь", CONSONANTS),
    ],
}


def _russian_case(match) -> str:
    """The case of the title, which the name after it shares: of «Министром» in «Министром
    иностранных дел …», of «Заместитель» in «Заместитель Министра …»."""
    word = match.group("title").split()[0].lower()
    before = match.string[max(0, match.start() - 30) : match.start()].split()
    if before and before[-1].lower().startswith("заместител"):
        word = before[-1].lower()
    if word.startswith("глав"):
        return {"ы": "gen", "у": "gen", "е": "dat", "ой": "ins"}.get(word[4:], "nom")
    for ending, case in (("ом", "ins"), ("ем", "ins"), ("а", "gen"), ("я", "gen")):
        if word.endswith(ending):
            return case
    return "dat" if word.endswith(("у", "ю", "е")) else "nom"


def _nominative(word: str, case: str) -> str:
    for ending, replacement, stem_ends in RUSSIAN_NOMINATIVE.get(case, []):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and (not stem_ends or stem[-1] in stem_ends):
            return stem + replacement
    return word


def _name_words(name: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’-]*\.?", name)


def _plain_name(match) -> str:
    """The first run of two or three words that are names: "Federation Vladimir Putin"
    gives Vladimir Putin, "Sergey Lavrov Meets" Sergey Lavrov."""
    words = _name_words(match.group("name"))
    runs, run = [], []
    for word in words:
        if NOT_A_NAME.fullmatch(fold(word.rstrip("."))) or NOT_NAME_SHAPE.search(word):
            runs.append(run)
            run = []
        else:
            run.append(word)
    runs.append(run)
    run = next((run for run in runs if len(run) >= 2 and not run[-1].endswith(".")), [])
    if len(run) > 3:
        return ""  # more words than a name has: not sure where it ends
    return " ".join(run)


def _russian_name(match) -> str:
    words = _name_words(match.group("name"))
    if any(
        NOT_A_NAME.fullmatch(fold(w)) or NOT_NAME_SHAPE.search(w) for w in words if w[-1] != "."
    ):
        return ""
    case = _russian_case(match)
    words = [w if w.endswith(".") else _nominative(w, case) for w in words]
    initials = "".join(w for w in words if w.endswith("."))
    return initials + " ".join(w for w in words if not w.endswith("."))


def suggestion_key(name: str) -> str:
    """One key per person however the name is spaced, cased or accented: С. В. Лавров and
    С.В.Лавров, Szijjártó and Szijjarto."""
    return re.sub(r"\.\s+", ".", " ".join(fold(name).split()))[:200]


# Each pattern, how its match gives a name, and words of its titles: a title starts at one
# of them or at the word before ("Foreign Minister", «Министр иностранных дел»). Only there
# is a pattern tried, not all along a text (imports stay fast).
SUGGESTION_PATTERNS = [
    (EN_SUGGESTION, _plain_name, ("minist", "president", "ambassador", "secretary")),
    (
        SR_SUGGESTION,
        _plain_name,
        ("spoljnih", "predsedni", "premijer", "ambasador")
        + ("спољних", "председни", "премијер", "амбасадор"),
    ),
    (
        RU_SUGGESTION,
        _russian_name,
        ("иностранных дел", "президент", "премьер", "правительства", "посол", "посл", "мид"),
    ),
]
WORD_BEFORE = re.compile(r"\S+[^\S\n]+$")
CONTEXT_CHARACTERS = 300


def _title_starts(lowered: str, cues) -> list[int]:
    """Where the cues are in the text, and where the word before each begins."""
    starts = set()
    for cue in cues:
        at = lowered.find(cue)
        while at >= 0:
            starts.add(at)
            word_before = WORD_BEFORE.search(lowered, max(0, at - 40), at)
            if word_before:
                starts.add(word_before.start())
            at = lowered.find(cue, at + len(cue))
    return sorted(starts)


def _context(text: str, start: int, end: int) -> str:
    """The sentence around a match, at most CONTEXT_CHARACTERS long."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = max(text.rfind(mark, line_start, start) for mark in (". ", "! ", "? "))
    before = line_start if before < 0 else before + 2
    if start - before > 100:
        before = text.find(" ", start - 100, start) + 1 or start
    ends = [text.find(mark, end, line_end) for mark in (". ", "! ", "? ")]
    after = min([e + 1 for e in ends if e >= 0] or [line_end])
    fragment = " ".join(text[before:after].split())
    if len(fragment) > CONTEXT_CHARACTERS:
        fragment = fragment[: CONTEXT_CHARACTERS - 1].rstrip() + "…"
    return fragment


def suggest_names(title: str, text: str) -> list[tuple[str, str]]:
    """Names that follow a title (foreign minister, president, prime minister, ambassador)
    in English, Russian or Serbian: (name, the sentence it is in), each person once, in the
    order they appear."""
    haystack = f"{title}\n{text}"
    lowered = haystack.lower()
    found = []
    for pattern, name_of, cues in SUGGESTION_PATTERNS:
        if haystack.isascii():  # most English posts: no need to look for Cyrillic
            cues = [cue for cue in cues if cue.isascii()]
        if len(lowered) == len(haystack):
            matches = (pattern.match(haystack, start) for start in _title_starts(lowered, cues))
        else:  # lower case of a rare letter is two letters: positions differ, search all
            matches = pattern.finditer(haystack)
        found += [(match.start(), match, name_of) for match in matches if match]
    suggestions, keys = [], set()
    for _, match, name_of in sorted(found, key=lambda item: item[0]):
        name = name_of(match)
        key = suggestion_key(name)
        if name and key not in keys:
            keys.add(key)
            suggestions.append((name, _context(haystack, match.start(), match.end())))
    return suggestions


def enrich_record(
    record, permalink_base: str = "", default_language: str = "en"
) -> tuple[dict, str]:
    """A parsed record's statement fields, and its folded title and text (for matching).

    permalink_base: "https://t.me/<handle>/" when the source has permalinks by message id.
    """
    text = clean_text(record.text)
    title, body = (record.title, text) if record.title else split_title(text)
    title = strip_emoji(clean_text(title))
    folded = fold(f"{title}\n{body}")
    event_date, event_date_text, location = extract_event(title, body, record.published_at)
    permalink = (
        f"{permalink_base}{record.source_message_id}"
        if (permalink_base and record.source_message_id)
        else ""
    )
    fields = {
        "source_url": record.source_url or permalink,
        "published_at": record.published_at,
        "edited_at": record.edited_at,
        "event_date": event_date,
        "event_date_text": event_date_text,
        "location": location,
        "kind": record.kind or detect_kind(title, body),
        "title": title,
        "text": body,
        "language": record.language or detect_language(text, default_language),
        "forwarded_from": strip_emoji(CONTROL_CHARACTERS.sub("", record.forwarded_from)),
        "forwarded_from_id": record.forwarded_from_id,
        "forwarded_message_id": record.forwarded_message_id,
        "views": record.views,
        "media": record.media,
        "media_count": record.media_count,
        "links": [CONTROL_CHARACTERS.sub("", str(link)) for link in record.links],
        "mentions": [CONTROL_CHARACTERS.sub("", str(name)) for name in record.mentions],
        "content_hash": content_hash(title, body),
        "text_fingerprint": text_fingerprint(title, body, folded=folded),
    }
    return fields, folded


def enrich_records(jobs: list[tuple]) -> list[tuple]:
    """enrich_record for each (record, permalink_base, default_language), and the names its
    text suggests: (fields, folded, suggested, None), or (None, None, None, the reason it
    could not be read)."""
    results = []
    for record, permalink_base, default_language in jobs:
        try:
            fields, folded = enrich_record(record, permalink_base, default_language)
            suggested = suggest_names(fields["title"], fields["text"])
            results.append((fields, folded, suggested, None))
        except Exception as exc:  # one unreadable record must not stop the others
            results.append((None, None, None, f"cannot be read ({exc})"))
    return results
