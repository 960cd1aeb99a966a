from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statement archive"

    def ready(self):
        from statements import throttle  # noqa: F401  (connects the failed-login counter)
