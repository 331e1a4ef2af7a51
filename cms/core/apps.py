from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: what every page type and every app shares."""

    name = "cms.core"
    label = "core"
    verbose_name = "Site core"
    default_auto_field = "django.db.models.BigAutoField"
