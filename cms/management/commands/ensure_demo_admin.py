from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = PASSWORD = "admin"  # noqa: S105 (the demo admin, development settings only)


class Command(BaseCommand):
    help = (
        "Create or reset the demo superuser admin / admin. Refused unless the settings allow "
        "it (DEMO_ADMIN_ALLOWED, set only by the development settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="host shown in the admin URL")
        parser.add_argument("--port", default="8000", help="port shown in the admin URL")

    def handle(self, *args, host: str, port: str, **options):
        if not getattr(settings, "DEMO_ADMIN_ALLOWED", False):
            raise CommandError(
                "refusing to create the demo admin (admin / admin): DEMO_ADMIN_ALLOWED is not "
                "set; only the development settings (cms.settings.dev) allow it"
            )
        user_model = get_user_model()
        user, created = user_model._default_manager.get_or_create(
            defaults=None, **{user_model.USERNAME_FIELD: USERNAME}
        )
        user.is_active = user.is_staff = user.is_superuser = True
        user.set_password(PASSWORD)
        user.save()
        action = "created" if created else "reset"
        self.stdout.write(f"Demo admin {action}.")
        self.stdout.write(f"Demo admin: {USERNAME} / {PASSWORD} at http://{host}:{port}/admin/")
