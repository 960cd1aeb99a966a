"""The active parts of a search, each as a chip with a link that removes it."""

import re
from collections.abc import Iterable

from django.http import QueryDict

from statements.search.inline_filters import AppliedFilter
from statements.search.query import ParsedQuery, parse_term
from statements.search.querystring import edit_query, without_value
from statements.vocabulary import HAS, KIND_NAMES, LANGUAGES, Kind

KIND_NAMED = {kind: re.compile(names) for kind, names in KIND_NAMES.items()}
# The most words a kind's name has ("telephone conversation", "разговор по телефону").
KIND_NAME_WORDS = 3


def search_box_chips(
    params: QueryDict, parsed: ParsedQuery, applied: Iterable[AppliedFilter]
) -> list[dict]:
    """A chip per filter and per word written in the search box, each removing itself."""

    def without(token: str) -> str:
        return "?" + edit_query(params, q=parsed.without(token))

    chips = [{"label": chip.label, "url": without(chip.filter.token)} for chip in applied]
    for term in parsed.terms:
        chips.append({"label": f"“{term}”", "url": without(parsed.token_of(term))})
    return chips


def name_choices(parsed: ParsedQuery, applied: Iterable[AppliedFilter]) -> list[tuple[str, str]]:
    """For a filter whose value names several things, a label and a query per thing that
    narrows the search to it (person:lavrov → person:sergey-lavrov)."""
    return [
        (choice.label, parsed.replacing(chip.filter.token, choice.token))
        for chip in applied
        for choice in chip.choices
    ]


def kind_choices(parsed: ParsedQuery) -> list[tuple[str, str]]:
    """For a kind named in the words of a query ("lavrov phone call", "встреча"), the
    chip's label and the query with those words made the kind: filter; the search as
    typed still runs. Words excluded (NOT) or in an alternative (OR) name no kind to
    narrow to."""
    tokens = list(parsed.tokens)
    labels = dict(Kind.choices)
    offered: dict[str, str] = {}
    for start in range(len(tokens)):
        if start and tokens[start - 1] in ("NOT", "-", "OR"):
            continue
        for end in range(start + 1, min(start + KIND_NAME_WORDS, len(tokens)) + 1):
            if end < len(tokens) and tokens[end] == "OR":
                continue
            words = _words_of(tokens[start:end])
            kind = next((k for k, named in KIND_NAMED.items() if named.fullmatch(words)), None)
            if words and kind and kind not in offered:
                offered[kind] = " ".join([*tokens[:start], f"kind:{kind}", *tokens[end:]])
    return [(f"Kind: {labels[kind]}", query) for kind, query in offered.items()]


def _words_of(tokens: list[str]) -> str:
    """The tokens as the words they search for, lower case; "" if any is not a word or a
    phrase (an operator, a filter, a prefix or a word negated)."""
    words = []
    for token in tokens:
        term = parse_term(token)
        if term is None or term.negated or term.prefix or token in ("AND", "OR", "NOT"):
            return ""
        words.append(term.text.lower())
    return " ".join(words)


def form_filter_chips(params: QueryDict, cleaned: dict) -> list[dict]:
    """A chip per filter of the search form in force, each removing itself."""
    chips = []

    def chip(label: str, name: str, value: str) -> None:
        chips.append({"label": label, "url": "?" + without_value(params, name, value)})

    named = (
        ("participant", "Person"),
        ("took_part", "Took part"),
        ("hashtag", "Hashtag"),
        ("source", "Source"),
    )
    for name, label in named:
        for item in cleaned.get(name) or []:
            chip(f"{label}: {item}", name, item.slug)
    kinds = dict(Kind.choices)
    for value in cleaned.get("kind") or []:
        chip(f"Kind: {kinds[value]}", "kind", value)
    for value in cleaned.get("language") or []:
        chip(f"Language: {LANGUAGES[value]}", "language", value)
    for name, label in (("date_from", "From"), ("date_to", "To")):
        if cleaned.get(name):
            chip(f"{label}: {cleaned[name]:%Y-%m-%d}", name, params.get(name))
    for value in cleaned.get("has") or []:
        chip(f"Has: {HAS[value].lower()}", "has", value)
    edited = {"1": "Edited by the source", "0": "Never edited by the source"}
    if cleaned.get("edited") in edited:
        chip(edited[cleaned["edited"]], "edited", cleaned["edited"])
    at_source = {"yes": "Deleted at the source", "no": "Still at the source"}
    if cleaned.get("deleted_at_source") in at_source:
        value = cleaned["deleted_at_source"]
        chip(at_source[value], "deleted_at_source", value)
    return chips
