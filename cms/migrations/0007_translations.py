"""English and Russian: a Wagtail locale for each of the site's languages, and the roles
again (cms/roles.py): editors may now translate pages.

A database made before the site had languages holds one locale, named after the old
``LANGUAGE_CODE`` ("en-gb"): it becomes English ("en"), so every page stays in it.
"""

from django.conf import settings
from django.db import migrations

from cms.roles import apply_roles


def set_up_locales(apps, schema_editor):
    locales = apps.get_model("wagtailcore", "Locale").objects
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if locales.filter(language_code=code).exists():
            continue
        variant = locales.filter(language_code__istartswith=f"{code}-").first()
        if variant is None:
            locales.create(language_code=code)
        else:
            variant.language_code = code
            variant.save(update_fields=["language_code"])


def set_up_roles(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0006_large_values_compressed_with_lz4"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.RunPython(set_up_locales, migrations.RunPython.noop),
        migrations.RunPython(set_up_roles, migrations.RunPython.noop),
    ]
