"""Settings of the Celery worker *subprocess* that test_worker_killed.py kills.

The test settings, plus: tasks really go through the broker, emails are
written by :class:`tests.notifications.kill_hooks.RecordingBackend` to a
folder the test reads across processes, and Redis hands an unacknowledged
message to another worker after 3 seconds instead of an hour (kombu's
``visibility_timeout``), checking every second, so the test does not wait.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.notifications.kill_hooks.RecordingBackend"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

from tests.notifications import kill_hooks  # noqa: E402, F401  (connects the worker-side hooks)
