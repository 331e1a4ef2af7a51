from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # serve from the finders; no collectstatic before tests
MEDIA_ROOT = BASE_DIR / "build" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# Tests search the database unless they ask for Elasticsearch: the live tests point at
# ELASTICSEARCH_URL themselves, each with indexes of its own (tests/search/conftest.py).
ELASTICSEARCH = {
    **ELASTICSEARCH,  # noqa: F405
    "URL": "",
    "INDEX_PREFIX": "thinktank-test",
    "CIRCUIT_COOLDOWN": 0.0,
}
