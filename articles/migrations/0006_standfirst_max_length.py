"""The standfirst's limit, 600 characters, checked by the editor; the column stays text."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_disclaimer_moves_to_core"),
    ]

    operations = [
        migrations.AlterField(
            model_name="articlepage",
            name="standfirst",
            field=models.TextField(
                help_text=(
                    "The teaser: used in listings, related articles, feeds and the meta "
                    "description."
                ),
                max_length=600,
            ),
        ),
    ]
