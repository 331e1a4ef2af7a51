"""The home page moves here from ``cms``: the table takes this app's name, and its content
type follows it, so the existing home page stays attached."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="cms", target="home"):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label=target, model="homepage").exists():
        content_type.objects.filter(app_label=source, model="homepage").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="home", target="cms")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cms", "0002_models_move_to_core_and_home"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        ("page_ptr", models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ("intro", wagtail.fields.RichTextField(blank=True)),
                    ],
                    options={"verbose_name": "home page", "db_table": "cms_homepage"},
                    bases=("wagtailcore.page",),
                ),
            ],
        ),
        migrations.AlterModelTable(name="homepage", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
