"""The editorial roles (cms/roles.py): Editors and Contributors, in place of Wagtail's stock
groups, and the review workflow on the whole site."""

from django.db import migrations

from cms.roles import apply_roles


def set_up_roles(apps, schema_editor):
    apply_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0002_models_move_to_core_and_home"),
        ("core", "0002_tables_and_content_types"),
        ("articles", "0005_disclaimer_moves_to_core"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
