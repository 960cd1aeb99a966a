"""Running a bulk action of a statement list as an editor does: choose it, read the
confirmation page (its exact numbers), confirm."""

from django.test import Client


def run_action(
    client: Client,
    url: str,
    action: str,
    selected: list[int] | None = None,
    follow: bool = False,
    **values,
):
    """The action on the selected statements (all of the list when none are given, as
    "Select all"), with the values its page asks for; returns the confirmation page and
    the response to confirming it."""
    chosen = {"action": action, "index": 0}
    if selected is None:
        chosen |= {"select_across": "1", "_selected_action": ["0"]}
    else:
        chosen |= {"select_across": "0", "_selected_action": selected}
    asked = client.post(url, {**chosen, "counting": "1", **values} if values else chosen)
    assert asked.status_code == 200, asked
    counts = asked.context["counts"]
    confirmed = client.post(
        url,
        {
            **chosen,
            **values,
            "counting": "1",
            "confirm": "1",
            "counted_selected": str(counts.selected),
            "counted_changing": str(counts.changing),
        },
        follow=follow,
    )
    return asked, confirmed
