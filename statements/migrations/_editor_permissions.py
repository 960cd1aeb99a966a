"""Permissions given to the "Editor" group by the migrations (not itself a migration: the
loader skips names starting with "_")."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes


def grant_to_editors(apps, codenames: list[str]) -> None:
    """Give the Editor group (made if missing) these permissions of the statements app,
    creating the app's permissions first (they are otherwise made after migrate)."""
    config = global_apps.get_app_config("statements")
    create_contenttypes(config, verbosity=0)
    create_permissions(config, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editor")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="statements", codename__in=codenames)
    )


def codenames_of(permissions: dict[str, list[str]]) -> list[str]:
    """{"importrun": ["add", "change"]} as ["add_importrun", "change_importrun"]."""
    return [f"{action}_{model}" for model, actions in permissions.items() for action in actions]
