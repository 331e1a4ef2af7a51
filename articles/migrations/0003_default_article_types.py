from django.db import migrations

DEFAULT_TYPES = [
    ("Analysis", "analysis"),
    ("Opinion", "opinion"),
    ("Interview / expert commentary", "interview"),
    ("News", "news"),
]


def create_types(apps, schema_editor):
    ArticleType = apps.get_model("articles", "ArticleType")
    for name, slug in DEFAULT_TYPES:
        ArticleType.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
