"""Suggested participants: names the importer saw after a title ("Foreign Minister X Y",
«Президент Сербии А.Вучич»; see text.suggest.suggest_names) that no participant has yet.

An editor accepts a suggestion (a new participant, or another spelling of one the archive
has) or rejects it; a rejected name is never suggested again.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from statements.curation.participants import link_participant, participant_changed
from statements.models import Participant, ParticipantSuggestion
from statements.search.totals import changes_the_archive

Status = ParticipantSuggestion.Status


def queue_suggestions(
    found: dict[str, tuple[str, str, set[int]]], ids: dict[str, int | None] | None = None
) -> None:
    """Add names to the queue with the statements they were seen in, by key:
    {key: (name, context, statement ids)}. A name already decided on is left as it is;
    one waiting for a decision gains the statements.

    ids: what is known of keys, the pending suggestion's id or None (decided), kept up to
    date here; an import passes the same dict for every batch, so that a name is looked up
    once, not in every batch that names it.
    """
    ids = {} if ids is None else ids
    unseen = {key: value for key, value in found.items() if key not in ids}
    if unseen:
        ParticipantSuggestion.objects.bulk_create(
            [
                ParticipantSuggestion(key=key, name=name[:200], context=context[:300])
                for key, (name, context, _) in unseen.items()
            ],
            ignore_conflicts=True,
        )
        ids.update(dict.fromkeys(unseen))
        pending = ParticipantSuggestion.objects.filter(key__in=unseen, status=Status.PENDING)
        ids.update(pending.values_list("key", "pk"))
    links = ParticipantSuggestion.statements.through
    links.objects.bulk_create(
        [
            links(participantsuggestion_id=ids[key], statement_id=statement_id)
            for key, (_, _, statement_ids) in found.items()
            if ids[key] is not None
            for statement_id in statement_ids
        ],
        ignore_conflicts=True,
    )


@changes_the_archive
def accept(
    suggestion: ParticipantSuggestion,
    user: AbstractBaseUser | None,
    participant: Participant | None = None,
) -> Participant:
    """Make the suggested name a participant: a new one, or another spelling (an alias) of
        the given one. Every archived statement naming it is linked (with a revision), except
    those an editor took the participant off. Returns the participant.

        Accepting again changes nothing.
    """
    with transaction.atomic():
        suggestion = ParticipantSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        done = suggestion.status == Status.ACCEPTED and suggestion.participant is not None
        if done and (participant is None or participant.pk == suggestion.participant_id):
            return suggestion.participant
        if participant is None:
            participant = Participant.objects.filter(name=suggestion.name).first()
            if participant is None:
                participant = Participant.objects.create(name=suggestion.name)
        else:
            participant = Participant.objects.select_for_update().get(pk=participant.pk)
            if suggestion.name not in participant.spellings:
                participant.aliases = [*participant.aliases, suggestion.name]
                participant.save()
        # The statements it was seen in name it, whatever the spelling matcher finds.
        note = f"linked to {participant.name}: the suggested name {suggestion.name} accepted"
        seen = list(suggestion.statements.values_list("pk", flat=True))
        link_participant(participant, seen, user, note)
        participant_changed(participant, user, note)
        suggestion.status = Status.ACCEPTED
        suggestion.participant = participant
        suggestion.decided_by = user
        suggestion.save(update_fields=["status", "participant", "decided_by"])
    return participant


def reject(suggestion: ParticipantSuggestion, user: AbstractBaseUser | None) -> bool:
    """Never suggest the name again. Returns whether it changed (an accepted suggestion
    stays accepted: its participant is the editors' to change)."""
    with transaction.atomic():
        suggestion = ParticipantSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.status != Status.PENDING:
            return False
        suggestion.status = Status.REJECTED
        suggestion.decided_by = user
        suggestion.save(update_fields=["status", "decided_by"])
    return True
