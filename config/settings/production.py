"""Production: everything from the environment; refuses to start without the
secrets it needs. `manage.py check --deploy` passes with no warning."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env

DEBUG = False
try:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
except ImproperlyConfigured as exc:  # pragma: no cover - exercised by a subprocess test
    raise ImproperlyConfigured(f"Production settings need DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS: {exc}") from exc
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host.")

CSRF_TRUSTED_ORIGINS = env.list(
    "DJANGO_CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Secure cookies are only sent over HTTPS. DJANGO_SECURE_COOKIES=0 exists for
# `make serve`, which runs these settings on plain http://127.0.0.1; never
# set it on a public host.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
# Probes and the metrics scraper talk to gunicorn directly, over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- Media: a local directory (MEDIA_ROOT) or an S3-compatible bucket -------
# Set AWS_STORAGE_BUCKET_NAME (and the endpoint and keys for a non-AWS store)
# to keep uploads in a bucket; they stay private (signed, expiring URLs are
# never handed out: files are streamed by the views that check permission).
# The S3 backend needs boto3 installed (`pip install boto3`).
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
                "region_name": env("AWS_S3_REGION_NAME", default=None),
                "access_key": env("AWS_ACCESS_KEY_ID", default=None),
                "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
                "location": env("AWS_LOCATION", default="media"),
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }

# --- Logs and error reports -------------------------------------------------
LOGGING["handlers"]["console"]["formatter"] = "json" if env("LOG_FORMAT", default="json") == "json" else "text"

from core.ops.sentry import sentry_init  # noqa: E402

SENTRY_ENABLED = sentry_init(
    dsn=env("SENTRY_DSN", default=""),
    environment=env("SENTRY_ENVIRONMENT", default="production"),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
