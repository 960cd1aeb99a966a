"""Names that follow a title: "Foreign Minister of Hungary Péter Szijjártó", «Президент
Сербии А.Вучич». The importer queues unknown ones for an editor (curation.suggestions).
"""

import re

from statements.text.events import MONTHS
from statements.text.normalize import fold


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
