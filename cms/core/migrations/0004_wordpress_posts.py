"""The page each imported WordPress post became (``WordPressPost``, docs/wordpress.md)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_site_description"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WordPressPost",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("site", models.CharField(max_length=255)),
                ("post_id", models.PositiveBigIntegerField()),
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "imported WordPress post",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("site", "post_id"), name="one_page_per_wordpress_post"
                    )
                ],
            },
        ),
    ]
