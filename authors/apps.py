from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    name = "authors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
