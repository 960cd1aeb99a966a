"""Django's makemigrations, which with --check starts no embedded database server.

Before writing or checking migrations, Django connects to every database to see that no
migration was applied before its dependencies, and turns a failed connection into a
RuntimeWarning. `--check` compares models with migration files and needs no database:
it checks the history only against an embedded server that is already running.
"""

import warnings

from django.core.management.commands import makemigrations

from archive.embedded_backend.base import only_a_running_server


class Command(makemigrations.Command):
    def handle(self, *app_labels, **options):
        if not options["check_changes"]:
            return super().handle(*app_labels, **options)
        with only_a_running_server(), warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", "Got an error checking a consistent migration history", RuntimeWarning
            )
            return super().handle(*app_labels, **options)
