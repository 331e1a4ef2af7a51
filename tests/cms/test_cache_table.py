"""Without Redis the cache is a database table that migrate makes, shared by every process
(each opens its own connection to it)."""

import importlib
from types import SimpleNamespace

from django.core.cache.backends.db import DatabaseCache
from django.db import connection

import pytest

create_cache_tables = importlib.import_module("cms.migrations.0005_cache_table").create_cache_tables

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shared_cache_test",
    }
}


def test_without_redis_the_settings_cache_in_the_database():
    from cms.settings import base

    if base.env.get("REDIS_URL"):
        pytest.skip("REDIS_URL is set in this environment")
    assert base.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db
def test_the_migration_makes_a_table_two_processes_share(settings):
    settings.CACHES = DATABASE_CACHE
    migrating = SimpleNamespace(connection=connection)  # what the function reads of it
    create_cache_tables(None, migrating)
    create_cache_tables(None, migrating)  # a second migrate changes nothing
    assert "shared_cache_test" in connection.introspection.table_names()

    server, worker = DatabaseCache("shared_cache_test", {}), DatabaseCache("shared_cache_test", {})
    worker.set("feeds-version", "after-go-live")
    assert server.get("feeds-version") == "after-go-live"
