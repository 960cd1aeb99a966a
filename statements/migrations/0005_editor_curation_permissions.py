"""Editors may also decide suggested participants and duplicate groups, and see merges
and bulk corrections (which they make through the participant and statement lists)."""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "participantsuggestion": ["view", "change"],
    "duplicategroup": ["view", "change"],
    "participantmerge": ["view"],
    "bulkcorrection": ["view"],
}


def grant(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    config = global_apps.get_app_config("statements")
    create_contenttypes(config, verbosity=0)
    create_permissions(config, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editor")
    codenames = [
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    ]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="statements", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_curation")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
