"""Editors may also decide suggested participants and duplicate groups, and see merges
and bulk corrections (which they make through the participant and statement lists)."""

from django.db import migrations

from statements.migrations._editor_permissions import codenames_of, grant_to_editors

EDITOR_PERMISSIONS = {
    "participantsuggestion": ["view", "change"],
    "duplicategroup": ["view", "change"],
    "participantmerge": ["view"],
    "bulkcorrection": ["view"],
}


def grant(apps, schema_editor):
    grant_to_editors(apps, codenames_of(EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_curation")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
