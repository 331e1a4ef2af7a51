from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise RuntimeError("SECRET_KEY must be set in the environment")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get("SECURE_SSL_REDIRECT", "true") == "true"  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", "0"))  # noqa: F405
SECURE_CONTENT_TYPE_NOSNIFF = True
