"""The roles again (cms/roles.py): editors may now link an author profile to a user
account."""

from django.db import migrations

from cms.roles import apply_roles


def set_up_roles(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0003_editorial_roles"),
        ("authors", "0002_author_user_account"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
