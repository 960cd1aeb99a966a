"""The queue of suggested participants, as an editor decides it."""

from statements.models import Participant, ParticipantSuggestion
from tests import factories


def test_accept_as_alias_finds_the_participant_by_typing_not_in_a_list_of_all(db, editor):
    lavrov = factories.participant("Sergey Lavrov", aliases=["Сергей Лавров"])
    for number in range(30):
        factories.participant(f"Someone {number}")
    suggestion = ParticipantSuggestion.objects.create(name="S. Lavrov", key="s lavrov")
    page = editor.post(
        "/admin/statements/participantsuggestion/",
        {"action": "accept_as_alias", "_selected_action": [suggestion.pk]},
    )
    html = page.content.decode()
    assert "admin-autocomplete" in html and "Someone 12" not in html
    assert f'<option value="{lavrov.pk}" selected>Sergey Lavrov</option>' in html
    found = editor.get(
        "/admin/autocomplete/",
        {
            "app_label": "statements",
            "model_name": "participantsuggestion",
            "field_name": "participant",
            "term": "лавров",
        },
    )
    assert [row["text"] for row in found.json()["results"]] == ["Sergey Lavrov"]
    done = editor.post(
        "/admin/statements/participantsuggestion/",
        {
            "action": "accept_as_alias",
            "_selected_action": [suggestion.pk],
            "apply": "1",
            "participant": lavrov.pk,
        },
    )
    assert done.status_code == 302
    assert "S. Lavrov" in Participant.objects.get(pk=lavrov.pk).aliases
