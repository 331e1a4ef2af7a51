from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env.get("SECRET_KEY", "dev-only-secret-key-not-for-production")  # noqa: F405
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Only the development settings may create the demo admin user (admin/admin).
DEMO_ADMIN_ALLOWED = True
# Review notifications (submitted, approved, changes requested) are printed, not sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The admin's "a new Wagtail is out" check fetches from releases.wagtail.org; not while
# developing (nor offline).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No page cache while templates are being edited, unless PAGE_CACHE_SECONDS asks for it.
PAGE_CACHE["SECONDS"] = int(env.get("PAGE_CACHE_SECONDS", "0"))  # noqa: F405
