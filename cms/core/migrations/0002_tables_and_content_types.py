"""The moved models' tables take this app's names, and their content types follow them, so
that pages, revisions and permissions referring to them stay attached."""

from django.db import migrations

MOVED = [("disclaimer", "articles"), ("sitesettings", "cms")]


def move_content_types(apps, schema_editor, forwards=True):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model, old_app in MOVED:
        source, target = (old_app, "core") if forwards else ("core", old_app)
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("articles", "0005_disclaimer_moves_to_core"),
        ("cms", "0002_models_move_to_core_and_home"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="disclaimer", table=None),
        migrations.AlterModelTable(name="sitesettings", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
