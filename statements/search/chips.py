"""The active parts of a search, each as a chip with a link that removes it."""

from collections.abc import Iterable

from django.http import QueryDict

from statements.search.inline_filters import AppliedFilter
from statements.search.query import ParsedQuery
from statements.search.querystring import edit_query, without_value
from statements.vocabulary import LANGUAGES, Kind


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


def choice_chips(
    params: QueryDict, parsed: ParsedQuery, applied: Iterable[AppliedFilter]
) -> list[dict]:
    """For a filter whose value names several things, a chip per thing that narrows the
    search to it (person:lavrov → person:sergey-lavrov)."""
    return [
        {
            "label": choice.label,
            "url": "?" + edit_query(params, q=parsed.replacing(chip.filter.token, choice.token)),
        }
        for chip in applied
        for choice in chip.choices
    ]


def form_filter_chips(params: QueryDict, cleaned: dict) -> list[dict]:
    """A chip per filter of the search form in force, each removing itself."""
    chips = []

    def chip(label: str, name: str, value: str) -> None:
        chips.append({"label": label, "url": "?" + without_value(params, name, value)})

    for name, label in (("participant", "Person"), ("hashtag", "Hashtag"), ("source", "Source")):
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
    return chips
