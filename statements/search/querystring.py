"""Links that edit the current search: the one way query strings are changed."""

from django.http import QueryDict


def edit_query(
    params: QueryDict, drop: tuple[str, ...] = ("page",), **changes: str | int | list[str]
) -> str:
    """The search's query string with the `drop` names removed (by default the page: an
    edited search starts on its first page), then each change set in place (a list sets
    every value of the name)."""
    query = params.copy()
    for name in drop:
        query.pop(name, None)
    for name, value in changes.items():
        if isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    return query.urlencode()


def without_value(params: QueryDict, name: str, value: str) -> str:
    """The search less one value of a repeated parameter."""
    return edit_query(params, **{name: [v for v in params.getlist(name) if v != value]})
