"""The link of a person to a statement becomes an explicit model over the same table, with
whether the person took part or was only mentioned; existing links get their role from the
structure of their statement's text (statements.text.roles). Editors may add, change and
remove these links (the statement page's inline of people)."""

from types import SimpleNamespace

import django.db.models.deletion
from django.db import migrations, models

from statements.migrations._editor_permissions import codenames_of, grant_to_editors
from statements.text.names import ParticipantMatcher
from statements.text.roles import PARTICIPANT, who_took_part

BATCH = 2000
EDITOR_PERMISSIONS = {"statementparticipant": ["view", "add", "change", "delete"]}


def grant(apps, schema_editor):
    grant_to_editors(apps, codenames_of(EDITOR_PERMISSIONS))


def set_roles_from_text(apps, schema_editor):
    Participant = apps.get_model("statements", "Participant")
    Statement = apps.get_model("statements", "Statement")
    links = apps.get_model("statements", "StatementParticipant")
    people = [
        SimpleNamespace(pk=pk, spellings=[name, *aliases])
        for pk, name, aliases in Participant.objects.values_list("pk", "name", "aliases")
    ]
    matcher = ParticipantMatcher(people)
    linked: dict[int, set[int]] = {}
    for statement_id, participant_id in links.objects.values_list("statement_id", "participant_id"):
        linked.setdefault(statement_id, set()).add(participant_id)
    took_part = []
    rows = Statement.objects.filter(pk__in=list(linked)).values_list("pk", "title", "text")
    for pk, title, text in rows.iterator(chunk_size=BATCH):
        took_part += [
            (pk, person.pk)
            for person in who_took_part(matcher, title, text)
            if person.pk in linked[pk]
        ]
    table = links._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(took_part), BATCH):
            chunk = took_part[start : start + BATCH]
            cursor.execute(
                f"UPDATE {table} AS link SET role = %s "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS took(statement_id, participant_id) "
                "WHERE link.statement_id = took.statement_id "
                "AND link.participant_id = took.participant_id",
                [PARTICIPANT, [s for s, _ in chunk], [p for _, p in chunk]],
            )


class Migration(migrations.Migration):

    dependencies = [
        ("statements", "0019_alerts_subscriptions"),
    ]

    operations = [
        # The table Django made for the plain many-to-many field stays as it is.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatementParticipant",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "participant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="statements.participant",
                            ),
                        ),
                        (
                            "statement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="statements.statement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "participant of a statement",
                        "db_table": "statements_statement_participants",
                        "unique_together": {("statement", "participant")},
                    },
                ),
                migrations.AlterField(
                    model_name="statement",
                    name="participants",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="statements",
                        through="statements.StatementParticipant",
                        to="statements.participant",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="statementparticipant",
            name="role",
            field=models.CharField(
                choices=[("participant", "Took part"), ("mentioned", "Mentioned")],
                db_default="mentioned",
                default="mentioned",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="statementparticipant",
            name="role_set_by_editor",
            field=models.BooleanField(
                db_default=False,
                default=False,
                editable=False,
                help_text="An editor chose the role: re-linking leaves it as it is",
            ),
        ),
        migrations.RunPython(set_roles_from_text, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
