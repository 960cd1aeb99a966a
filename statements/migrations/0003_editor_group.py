"""The "Editor" group: curates statements, participants and hashtags and imports files;
cannot manage users, delete sources or change import runs (admins can do everything)."""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "statement": ["view", "change"],
    "statementtoreview": ["view", "change"],
    "participant": ["view", "add", "change"],
    "hashtag": ["view", "add", "change"],
    "source": ["view", "add", "change"],
    "importrun": ["view"],
    "statementrevision": ["view"],
}


def create_editor_group(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    config = global_apps.get_app_config("statements")
    create_contenttypes(config, verbosity=0)
    create_permissions(config, verbosity=0)  # normally made after migrate; needed here
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editor")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items()
                 for action in actions]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="statements", codename__in=codenames)
    )


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
