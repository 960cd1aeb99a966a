"""How texts write a participant's name: spelling variants, inflections, and the
matcher that finds which participants a text names."""

import re
from collections.abc import Iterable, Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from statements.text.normalize import fold


class Named(Protocol):
    """Anything with the spellings of a name (a Participant)."""

    @property
    def spellings(self) -> list[str]: ...


NamedT = TypeVar("NamedT", bound=Named)


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
# A surname in -ić declined: the instrumental (-em) and plural (-ima) endings mark one in any
# spelling; the others (Vučića, Vučiću) only where the -ić is written with its accent, as
# "politica" or "publici" are not names.
SERBIAN_DECLINED_SURNAME = re.compile(
    r"(?i)(\w{2,}(?:[ćč]|ic|ић))(?:em|ima|ем|има)|(\w{2,}(?:[ćč]|ћ))(?:a|u|e|i|а|у|е|и)"
)


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


def serbian_surname_base(word: str) -> str | None:
    """The -ić surname a declined form is of (Vučićem → Vučić, Đurića → Đurić, Вучићем →
    Вучић), or None. Search looks for the base too, as the Russian stemmer already brings
    Cyrillic Вучићем to вучић."""
    match = SERBIAN_DECLINED_SURNAME.fullmatch(word)
    return (match.group(1) or match.group(2)) if match else None


class ParticipantMatcher(Generic[NamedT]):
    """Finds which of the given participants a text names, by any spelling.

    Each participant has a regex of all its spellings; a text is only tried against the
    participants whose longest name word starts like a word of the text, so hundreds of
    participants cost little more than a few.
    """

    def __init__(self, participants: Iterable[NamedT]) -> None:
        self.participants: list[NamedT] = []
        self.regexes: list[re.Pattern] = []
        self.by_start: dict[str, set[int]] = {}
        self.surnames: list[SurnameRule | None] = []
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
            self.surnames.append(SurnameRule.of(forms))
            for form in forms:
                self.by_start.setdefault(_start(form), set()).add(index)

    def find(self, *texts: str, folded: str | None = None) -> list[NamedT]:
        """Participants named in the texts (or in their already folded form)."""
        if not self.participants:
            return []
        folded = fold("\n".join(texts)) if folded is None else folded
        starts = {word[:START] for word in re.findall(r"\w+", folded)}
        candidates = set().union(*(self.by_start.get(start, ()) for start in starts))
        original = "\n".join(texts)
        return [
            self.participants[index]
            for index in sorted(candidates)
            if self.regexes[index].search(folded) and self.named_as_themselves(index, original)
        ]

    def named_as_themselves(self, index: int, original: str) -> bool:
        """Whether a text naming the participant by a surname alone means them, not another
        person of that surname ("President Boris Lavrov" is not Sergey Lavrov)."""
        rule = self.surnames[index]
        if rule is None or not original or rule.full_name.search(fold(original)):
            return True
        return rule.names_them(original)


# Capitalised words that stand before a surname without being a first name.
NOT_FIRST_NAMES = frozenset(
    fold(word)
    for word in [
        "President",
        "Minister",
        "Prime",
        "Deputy",
        "Foreign",
        "Secretary",
        "Ambassador",
        "Speaker",
        "Chairman",
        "Chairwoman",
        "Spokeswoman",
        "Spokesman",
        "Spokesperson",
        "Director",
        "General",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Colleague",
        "Envoy",
        "Chancellor",
        "King",
        "Queen",
        "Prince",
        "Senator",
        "Governor",
        "Mayor",
        "Premier",
        "Patriarch",
        "Metropolitan",
        "Mister",
        "Madam",
        "Sir",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
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
        "Президент",
        "Президента",
        "Президентом",
        "Министр",
        "Министра",
        "Министром",
        "Премьер",
        "Посол",
        "Посла",
        "Глава",
        "Главы",
        "Господин",
        "Господина",
        "Председатель",
        "Председателя",
        "Спикер",
        "Генсек",
        "Мэр",
        "Патриарх",
        "Коллега",
        "Predsednik",
        "Predsednika",
        "Predsednikom",
        "Ministar",
        "Ministra",
        "Ministrom",
        "Premijer",
        "Premijera",
        "Ambasador",
        "Gospodin",
        "Gospodina",
        "Председник",
        "Председника",
        "Министар",
        "Премијер",
        "Амбасадор",
        "Господин",
    ]
)
WORD = re.compile(r"\w+")


class SurnameRule(NamedTuple):
    """How a participant known also by a surname alone tells their own mentions from other
    people's: the surname preceded by another first name, initial or patronymic is not them."""

    surname: re.Pattern  # one word, folded
    full_name: re.Pattern  # any spelling of several words, folded
    first_names: frozenset[str]  # folded stems of their first names, patronymics, initials

    @classmethod
    def of(cls, forms: set[str]) -> "SurnameRule | None":
        single = [form for form in forms if len(WORD.findall(form)) == 1]
        several = [form for form in forms if len(WORD.findall(form)) > 1]
        if not single:
            return None
        first_names = {stem(word) for form in several for word in WORD.findall(form)[:-1]}
        return cls(
            re.compile("|".join(_name_pattern(form) for form in single)),
            re.compile(r"(?<!\w)(?:" + "|".join(map(_name_pattern, several)) + r")(?!\w)")
            if several
            else re.compile(r"(?!x)x"),
            frozenset(first_names),
        )

    def names_them(self, original: str) -> bool:
        """Whether one of the text's mentions of the surname is not another person's."""
        words = list(WORD.finditer(original))
        for position, word in enumerate(words):
            if not self.surname.fullmatch(fold(word.group())):
                continue
            if position == 0 or not self.first_name_of_another(original, words, position - 1):
                return True
        return False

    def first_name_of_another(self, original: str, words: list[re.Match], position: int) -> bool:
        """Whether the word before a surname is someone else's first name or initial: written
        with a capital, not a title, not at a sentence's start, and not one of theirs."""
        word = words[position].group()
        if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
            return False
        if fold(word) in NOT_FIRST_NAMES:
            return False
        before = original[words[position - 1].end() : words[position].start()] if position else ""
        if position == 0 or (re.search(r"[.!?\n]", before) and len(word) > 1):
            return False
        return not any(
            stem(word).startswith(own) or own.startswith(stem(word)) for own in self.first_names
        )


def stem(word: str) -> str:
    """A first name's folded stem, so that its declined forms compare equal (Сергея, Сергей)."""
    folded = fold(word)
    return folded if len(folded) <= 3 else folded[: max(3, len(folded) - 2)]


START = 3  # letters of a word's start that index the participants


def _start(form: str) -> str:
    """How the longest word of a spelling starts in any declined form of it."""
    longest = max(re.findall(r"\w+", form), key=len)
    return longest[:START]


def names_text(people: Iterable[tuple[str, Sequence[str]]], hashtags: Iterable[str]) -> str:
    """What search reads of a statement's links (its names text): each participant's name
    and aliases, participants by name, then the hashtags without '#', sorted; one a line."""
    named = "\n".join("\n".join([name, *aliases]) for name, aliases in sorted(people))
    tags = "\n".join(sorted(tag.lstrip("#") for tag in hashtags))
    return "\n".join(part for part in (named, tags) if part)
