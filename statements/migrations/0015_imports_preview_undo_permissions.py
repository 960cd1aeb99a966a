"""Imports editors can see before they happen and undo: a run may be a preview (nothing
written, what it would do kept), a run may be undone, and a statement knows the run that
created it. The Editor group may import files (add_importrun, which the upload checks)
and undo an import (change_importrun)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from statements.migrations._editor_permissions import codenames_of, grant_to_editors

EDITOR_PERMISSIONS = {"importrun": ["add", "change"]}


def grant(apps, schema_editor):
    grant_to_editors(apps, codenames_of(EDITOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0014_pages_field_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="dry_run",
            field=models.BooleanField(
                default=False,
                help_text="A preview: what the import would do; nothing was written",
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="outcome",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="What it did (a preview: would do) beyond its counts: new sources, statements",
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="undone_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="undone_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="import_run",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The import that created it (what undoing that import hides)",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="created_statements",
                to="statements.importrun",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
