"""The site settings move to ``core`` and the home page to ``home``; tables and rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="HomePage"),
            ],
        ),
    ]
