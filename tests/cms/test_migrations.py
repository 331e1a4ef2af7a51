"""Moving the disclaimers, the site settings and the home page between apps keeps every row:
an installation migrated from before the move serves the same content afterwards."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from cms.core.models import Disclaimer, SiteSettings
from cms.home.models import HomePage

BEFORE_THE_MOVE = [
    ("articles", "0004_language"),
    ("cms", "0001_initial"),
    ("core", None),
    ("home", None),
]


def _leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def migrated_back(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    try:
        applied = [node for node in BEFORE_THE_MOVE if node[1] is not None]
        yield executor.loader.project_state(applied).apps
    finally:
        MigrationExecutor(connection).migrate(_leaf_nodes())


def test_the_moved_models_keep_their_rows_content_types_and_permissions(migrated_back):
    old = migrated_back
    content_types = old.get_model("contenttypes", "ContentType")
    old_disclaimer = old.get_model("articles", "Disclaimer").objects.create(
        name="Club disclaimer", text="<p>Views are the authors' own.</p>"
    )
    old.get_model("cms", "SiteSettings").objects.create(
        site=old.get_model("wagtailcore", "Site").objects.get(is_default_site=True),
        organisation_name="The Discussion Club",
        default_disclaimer=old_disclaimer,
    )
    home_type, _ = content_types.objects.get_or_create(app_label="cms", model="homepage")
    old.get_model("cms", "HomePage").objects.create(
        title="Old home",
        slug="old-home",
        path="00010099",
        depth=2,
        url_path="/old-home/",
        content_type=home_type,
        locale=old.get_model("wagtailcore", "Locale").objects.first(),
        intro="<p>Kept</p>",
    )
    settings_type, _ = content_types.objects.get_or_create(app_label="cms", model="sitesettings")
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        codename="change_sitesettings", content_type=settings_type, defaults={"name": "Change"}
    )[0]
    old.get_model("auth", "Group").objects.create(name="Publications team").permissions.add(
        permission
    )

    MigrationExecutor(connection).migrate(_leaf_nodes())

    ContentType.objects.clear_cache()
    home = HomePage.objects.get(slug="old-home")
    assert home.intro == "<p>Kept</p>"
    assert home.specific_class is HomePage
    settings = SiteSettings.objects.get()
    assert settings.organisation_name == "The Discussion Club"
    assert settings.default_disclaimer == Disclaimer.objects.get(name="Club disclaimer")
    team = Group.objects.get(name="Publications team")
    assert team.permissions.filter(
        codename="change_sitesettings", content_type__app_label="core"
    ).exists()
    assert not ContentType.objects.filter(app_label="cms").exists()
    assert not ContentType.objects.filter(app_label="articles", model="disclaimer").exists()
