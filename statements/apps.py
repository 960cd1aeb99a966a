from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statement archive"

    def ready(self):
        # Importing it connects the failed-login counter; models are not ready before now.
        from statements import throttle  # noqa: F401, PLC0415 — needs the ready app registry
        from statements.search.totals import watch_admin_writes  # noqa: PLC0415 — likewise

        watch_admin_writes()
