"""Settings for the test suite (pytest). Services come from the environment
(CI sets DATABASE_URL and CELERY_BROKER_URL); tasks run eagerly except in the
tests that start a real worker."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import CACHES, CELERY_BROKER_URL, REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="edp-test-media-")
CELERY_TASK_ALWAYS_EAGER = True
# The suite's real workers consume Celery's default queue (no -Q); production's
# routing (base.CELERY_TASK_ROUTES) is tested on its own.
CELERY_TASK_ROUTES: dict = {}
CELERY_TASK_DEFAULT_QUEUE = "celery"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each pytest-xdist worker gets its own Redis database for the cache, the
# ones right after the broker's (db 0 in CI: 1, 2), so that clearing it
# between tests never touches another worker or the broker.
if REDIS_URL:
    from urllib.parse import urlsplit, urlunsplit

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    parts = urlsplit(REDIS_URL)
    base_db = int(parts.path.strip("/") or 0)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit((parts.scheme, parts.netloc, f"/{base_db + 1 + worker}", "", "")),
        }
    }
else:
    CACHES = CACHES
# The same for the broker: each pytest-xdist process publishes to and
# consumes from its own Redis database (gw0 the configured one, gw1 three
# further: 0 and 3 in CI), so a Celery worker started by one process's tests
# never takes the tasks of the other (whose test database it cannot see).
if CELERY_BROKER_URL.startswith("redis"):
    from urllib.parse import urlsplit, urlunsplit

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    parts = urlsplit(CELERY_BROKER_URL)
    broker_db = int(parts.path.strip("/") or 0) + (3 * worker)
    CELERY_BROKER_URL = urlunsplit((parts.scheme, parts.netloc, f"/{broker_db}", "", ""))
    # Celery reads CELERY_BROKER_URL from the environment before the settings.
    os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
# A Celery worker process that the browser journeys start (tests/notifications/
# live_worker.py, ``worker_process``): it runs these settings against the test
# database, publishes its own follow-up tasks for real and writes the emails
# it sends to files the tests read.
if os.environ.get("EDP_TEST_WORKER_EMAIL_DIR"):
    CELERY_TASK_ALWAYS_EAGER = False
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EDP_TEST_WORKER_EMAIL_DIR"]
