"""What ``create_editor`` and ``create_contributor`` share: one command per role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from cms.roles import ROLES


class RoleCommand(BaseCommand):
    role: str  # one of cms.roles.ROLES

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="where review notifications go")

    def handle(self, *args, username: str, email: str, **options):
        username = username.strip()
        if not username:
            raise CommandError("a user name is needed")
        group = Group.objects.filter(name=self.role).first()
        if group is None:
            raise CommandError(f"the {self.role} group is missing: run manage.py migrate")
        user_model = get_user_model()
        user, created = user_model._default_manager.get_or_create(
            defaults=None, **{user_model.USERNAME_FIELD: username}
        )
        if created:
            user.set_unusable_password()
        if email:
            user.email = email
        user.is_active = True
        user.save()
        # One role at a time: an editor made a contributor is no longer an editor.
        user.groups.remove(*Group.objects.filter(name__in=ROLES).exclude(pk=group.pk))
        user.groups.add(group)
        action = "Created" if created else "Updated"
        self.stdout.write(f"{action} {username}: {self.role}.")
        if created:
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")
