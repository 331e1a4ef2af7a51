"""Disclaimers now belong to ``core`` (the bottom layer); the table and rows are kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_language"),
        ("core", "0001_initial"),
        # The site settings must leave cms (and their reference to this app's disclaimer)
        # before the disclaimer leaves this app.
        ("cms", "0002_models_move_to_core_and_home"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="articlepage",
                    name="disclaimer",
                    field=models.ForeignKey(blank=True, help_text="Leave empty for the site's default disclaimer.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="core.disclaimer"),
                ),
                migrations.DeleteModel(name="Disclaimer"),
            ],
        ),
    ]
