from django.apps import AppConfig

from articles.related import set_related_provider


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
        from .service import related_articles

        # Articles ask for "more like this" through their provider seam, never by import.
        set_related_provider(related_articles)
