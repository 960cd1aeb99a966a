"""How far one spelling is from another, and whether two have anything in common."""

import re

from statements.text.normalize import fold


def edit_distance(a: str, b: str) -> int:
    """Letters to insert, delete, change or swap with the next to make b of a (optimal
    string alignment): "lavorv" is 1 from "lavrov", as a typist sees it."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def letter_trigrams(text: str) -> set[str]:
    """Every three letters in a row within a word, case and diacritics aside (pg_trgm's
    trigrams less those padded with the word's edges)."""
    trigrams = set()
    for word in re.findall(r"\w+", fold(text)):
        trigrams.update(word[i : i + 3] for i in range(len(word) - 2))
    return trigrams


def shares_something(query: str, suggestion: str) -> bool:
    """Whether a suggestion has a word or three letters in a row in common with the query:
    one that shares only a word's first letters ("Vuc" and Vulin) is no suggestion."""
    words = set(re.findall(r"\w+", fold(query)))
    if words & set(re.findall(r"\w+", fold(suggestion))):
        return True
    return bool(letter_trigrams(query) & letter_trigrams(suggestion))
