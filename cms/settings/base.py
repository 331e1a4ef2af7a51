"""Production-safe settings. The environment is read here and only here.

dev.py, test.py and production.py override a few lines each.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from .email_url import email_settings
from .media_storage import s3_origin, s3_storage

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = os.environ


def gettext_noop(message: str) -> str:
    """``message`` as it is, marked for the catalogue (``make messages`` collects it):
    Django's own ``gettext_noop`` would read the settings this module is defining."""
    return message


def env_flag(name: str, default: bool) -> bool:
    """A yes/no variable: "1", "true", "yes" or "on" (any case) is yes."""
    value = env.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = env.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in env.get("ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "cms.core",
    "articles",
    "authors",
    "search",
    "cms.home",
    "cms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before the host check, the HTTPS redirect and caches.
    "cms.health.probes",
    "cms.core.logs.request_ids",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole responses to anonymous readers (cms/core/page_cache.py).
    "cms.core.page_cache.page_cache",
    "cms.core.middleware.nul_free_paths",
    # The request's site from the cache, under the page cache's generation (cms/core/fragments.py).
    "cms.core.fragments.CachedSite",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language a URL names (/ru/...; English has no prefix) is the active one.
    "cms.core.middleware.url_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in for the admin, when TWO_FACTOR_REQUIRED is set (cms/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "cms.two_factor.require_two_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.core.csp.content_security_policy",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Answers a locked-out sign-in (see AXES_* below); last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL chooses the database in every settings module; SQLite at the repo root otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# On SQLite, readers never wait for a writer (WAL), and a write that finds the database busy
# (an autosave overlapping a save, the worker's pass) waits for it, up to 20 seconds,
# instead of failing with "database is locked": transactions take the write lock at once.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
# PostgreSQL plans each statement without parallel workers unless this says how many: a
# page's statements are short, and the workers would take the server's few cores from the
# other requests. A parallel plan also read the author page's latest articles by walking
# the newest-first index in each worker, 15 times slower than from the author's credits at
# 100,000 articles (docs/performance.md).
DATABASE_PARALLEL_WORKERS = int(env.get("DATABASE_PARALLEL_WORKERS", "0"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(
        [
            options.get("options", ""),
            f"-c max_parallel_workers_per_gather={DATABASE_PARALLEL_WORKERS}",
        ]
    ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set. The site serves without it: a cache that is down or slow
# (half a second) is logged and treated as empty, never raised to the reader.
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if env.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env["REDIS_URL"],
            "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "thinktank"),
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    # Without Redis the cache is a table in the database (made by cms/migrations/0005), the
    # one cache every process shares: the web server's workers and `manage.py worker`, so
    # what the worker publishes on schedule retires what the server has cached.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# The page cache for anonymous readers (cms/core/page_cache.py), in the cache above.
# SECONDS: how long an entry may live (every change a reader could see retires them all
# sooner); 0 turns it off. SHARED_SECONDS: how long nginx or a CDN may keep a page
# (s-maxage); with WAGTAILFRONTENDCACHE set they are purged on the same changes.
# FRAGMENT_SECONDS: how long parts of pages may live (cms/core/fragments.py: the site, routes,
# site settings, an article's rendered parts; retired with the pages), whether SECONDS is 0
# or not; 0 turns them off.
PAGE_CACHE: dict[str, Any] = {
    "SECONDS": int(env.get("PAGE_CACHE_SECONDS", "3600")),
    "FRAGMENT_SECONDS": int(env.get("FRAGMENT_CACHE_SECONDS", "3600")),
    "SHARED_SECONDS": int(env.get("PAGE_CACHE_SHARED_SECONDS", "0")),
    "EXCLUDED_PATHS": ["/admin/", "/review/", "/documents/", "/media/", "/static/"],
}

# A CDN or caching proxy in front, purged on the same changes (wagtail.contrib.frontend_cache):
# FRONTEND_CACHE_PURGE_URL for one that takes HTTP PURGE requests (Varnish, nginx's purge
# module), or Cloudflare's zone and API token.
WAGTAILFRONTENDCACHE: dict[str, dict[str, str]] = {}
if env.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env["FRONTEND_CACHE_PURGE_URL"],
    }
if env.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": env.get("CLOUDFLARE_API_TOKEN", ""),
    }

# Sign-in is throttled (django-axes): after 5 failures for one account, or from one
# address, further attempts are answered 429 for 15 minutes; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "cms/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "cms.core.client_ip.client_ip"
# How many proxies in front of the site append to X-Forwarded-For (nginx: 1; a CDN in
# front of nginx: 2). 0 trusts only the connection's own address.
TRUSTED_PROXY_COUNT = int(env.get("TRUSTED_PROXY_COUNT", "0"))

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files browsers and crawlers ask for at the site's root (favicon.ico, apple-touch-icon.png).
WHITENOISE_ROOT = PROJECT_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads (images, their renditions, documents) go to MEDIA_ROOT, or to an S3-compatible
# bucket when MEDIA_S3_BUCKET is set (cms/settings/media_storage.py).
MEDIA_S3_BUCKET = env.get("MEDIA_S3_BUCKET", "")
MEDIA_S3_ENDPOINT_URL = env.get("MEDIA_S3_ENDPOINT_URL", "")
MEDIA_S3_CUSTOM_DOMAIN = env.get("MEDIA_S3_CUSTOM_DOMAIN", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = s3_storage(
        bucket=MEDIA_S3_BUCKET,
        endpoint_url=MEDIA_S3_ENDPOINT_URL,
        region=env.get("MEDIA_S3_REGION", ""),
        access_key=env.get("MEDIA_S3_ACCESS_KEY_ID", ""),
        secret_key=env.get("MEDIA_S3_SECRET_ACCESS_KEY", ""),
        custom_domain=MEDIA_S3_CUSTOM_DOMAIN,
        public=env_flag("MEDIA_S3_PUBLIC", default=False),
    )
# The host media is served from when it is not the site itself (the bucket, a CDN).
MEDIA_ORIGIN = env.get("MEDIA_ORIGIN") or (
    s3_origin(
        bucket=MEDIA_S3_BUCKET,
        endpoint_url=MEDIA_S3_ENDPOINT_URL,
        custom_domain=MEDIA_S3_CUSTOM_DOMAIN,
    )
    if MEDIA_S3_BUCKET
    else ""
)
# Documents are always served by the application, which checks their privacy (the page
# or collection they belong to), and never by a redirect to the file in storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# What pages may load and run (cms/core/csp.py): images from the site and MEDIA_ORIGIN.
VIDEO_EMBED_HOSTS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *filter(None, [MEDIA_ORIGIN])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *VIDEO_EMBED_HOSTS],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
# Wagtail's editor writes some scripts and styles inline, previews uploads from blob:
# URLs, and asks releases.wagtail.org whether an upgrade is out.
CONTENT_SECURITY_POLICY_ADMIN_EXTRA = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "connect-src": ["https://releases.wagtail.org"],
}
# Staff avatars are not fetched from Gravatar (it would learn their addresses' hashes).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# With TWO_FACTOR_REQUIRED=true everyone who can reach the admin signs in with a code
# from an authenticator app as well as a password, and sets one up at their next sign-in.
TWO_FACTOR_REQUIRED = env_flag("TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = env.get("SITE_NAME", "Thinktank")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site publishes in English and Russian (docs/translations.md): each language has its
# own page tree (a Wagtail locale), served under its prefix (/ru/...; English has none).
# The names are English, and translated where readers see them (the search page's facet).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", gettext_noop("English")), ("ru", gettext_noop("Russian"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "UTC"
USE_I18N = True
# The site's own words in Russian: locale/ru/LC_MESSAGES/django.po, compiled to django.mo
# beside it (`make messages`).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Review notifications (a submission, an approval, changes requested) go by email.
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=False)
# Or all of them in one URL (cms/settings/email_url.py), which wins when set.
if env.get("EMAIL_URL"):
    globals().update(email_settings(env["EMAIL_URL"]))
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

WAGTAIL_SITE_NAME = env.get("SITE_NAME", "Thinktank")
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# On PostgreSQL the database search stems by the `russian` text-search configuration, which
# stems Cyrillic words by Russian rules and Latin ones by English (as `english` does): the
# articles of both languages are found by their words' other forms. A database indexed
# under another configuration needs `manage.py update_index` (docs/search.md). SQLite's
# full-text search does not stem; the setting is PostgreSQL's alone. The backend is
# Wagtail's database backend, adding entries without reading every other one on PostgreSQL
# (search/backends/index_entries.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends.index_entries",
        "SEARCH_CONFIG": "pg_catalog.russian",
    }
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "gif": "webp"}
# Uploads over 20 MB or 60 megapixels are refused with a message on the field; SVG is not
# among the accepted formats (it could carry scripts).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = True

# Error reports to Sentry (or a service that speaks its protocol), when SENTRY_DSN is set;
# production.py starts the SDK. No personal data (addresses, cookies, users) is sent.
SENTRY: dict[str, Any] = {
    "DSN": env.get("SENTRY_DSN", ""),
    "ENVIRONMENT": env.get("SENTRY_ENVIRONMENT", "production"),
    "TRACES_SAMPLE_RATE": float(env.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
}

# HTTPS, as production.py applies it behind a proxy that sets X-Forwarded-Proto. HSTS is
# on for a year, subdomains included; preloading is the domain owner's decision.
HTTPS = {
    "SSL_REDIRECT": env_flag("SECURE_SSL_REDIRECT", default=True),
    "HSTS_SECONDS": int(env.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))),
    "HSTS_INCLUDE_SUBDOMAINS": env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True),
    "HSTS_PRELOAD": env_flag("SECURE_HSTS_PRELOAD", default=False),
}

# Reader search (search/): Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise.
# Seconds each statement of a search on the database (PostgreSQL) may take before the search
# gives up and says so (0: no limit): a word in most of a large archive (search/backends/
# time_limit.py).
SEARCH_DATABASE_TIMEOUT = float(env.get("SEARCH_DATABASE_TIMEOUT", "3"))
# The parallel workers a search's statements may use (PostgreSQL), counting its matches.
SEARCH_DATABASE_PARALLEL_WORKERS = int(env.get("SEARCH_DATABASE_PARALLEL_WORKERS", "2"))
ELASTICSEARCH = {
    "URL": env.get("ELASTICSEARCH_URL", ""),
    "USERNAME": env.get("ELASTICSEARCH_USERNAME", ""),
    "PASSWORD": env.get("ELASTICSEARCH_PASSWORD", ""),
    "API_KEY": env.get("ELASTICSEARCH_API_KEY", ""),
    "CA_CERTS": env.get("ELASTICSEARCH_CA_CERTS", ""),
    "INDEX_PREFIX": env.get("ELASTICSEARCH_INDEX_PREFIX", "thinktank"),
    # Seconds a reader's search or a publish waits on the cluster before giving up.
    "TIMEOUT": float(env.get("ELASTICSEARCH_TIMEOUT", "2")),
    # Bulk loading during a rebuild may wait longer.
    "BULK_TIMEOUT": float(env.get("ELASTICSEARCH_BULK_TIMEOUT", "30")),
    # After a failure, searches skip the cluster for this many seconds (circuit breaker).
    "CIRCUIT_COOLDOWN": float(env.get("ELASTICSEARCH_CIRCUIT_COOLDOWN", "30")),
}

# Every line carries the id of the request it was written during (cms.core.logs);
# production.py writes them as JSON.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cms.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "cms.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "WARNING")},
    # The worker says what each pass did (passes that did nothing stay quiet).
    "loggers": {"cms.worker": {"level": env.get("WORKER_LOG_LEVEL", "INFO")}},
}

# manage.py worker: seconds between passes of scheduled publishing, expiry and index sync.
WORKER_INTERVAL = float(env.get("WORKER_INTERVAL", "10"))
