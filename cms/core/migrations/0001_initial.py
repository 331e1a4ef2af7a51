"""The disclaimers (from ``articles``) and the site settings (from ``cms``) move here.

Their tables and rows stay as they are: this migration only records the models under this
app; ``0002`` gives the tables their new names.
"""

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("articles", "0004_language"),
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Disclaimer",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True)),
                        ("text", wagtail.fields.RichTextField()),
                    ],
                    options={"ordering": ["name"], "db_table": "articles_disclaimer"},
                ),
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("organisation_name", models.CharField(default="Thinktank", max_length=255)),
                        ("default_disclaimer", models.ForeignKey(blank=True, help_text="Shown at the end of every article that does not choose another or none.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="core.disclaimer")),
                        ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
                    ],
                    options={"verbose_name": "site settings", "db_table": "cms_sitesettings"},
                ),
            ],
        ),
    ]
