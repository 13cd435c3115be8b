"""The deployable stack: production settings from the environment (media
storage, Sentry), the queues, and the process descriptions in deploy/."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery import Celery

from config.settings import base

BASE_DIR = Path(__file__).resolve().parents[2]
SECRET = "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3


def _production(code: str, **env_extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "SENTRY_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="edp.example.kz",
        **env_extra,
    )
    script = f"import django; django.setup(); from django.conf import settings; {code}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_media_on_a_local_directory_by_default():
    out = _production(
        "print(settings.STORAGES['default']['BACKEND'], settings.MEDIA_ROOT)", MEDIA_ROOT="/srv/edp/media"
    )
    assert out == "django.core.files.storage.FileSystemStorage /srv/edp/media"


def test_media_on_an_s3_compatible_bucket_when_configured():
    out = _production(
        "o = settings.STORAGES['default']; print(o['BACKEND'], o['OPTIONS']['bucket_name'],"
        " o['OPTIONS']['endpoint_url'], o['OPTIONS']['default_acl'], settings.STORAGES['staticfiles']['BACKEND'])",
        AWS_STORAGE_BUCKET_NAME="edp-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.kz",
    )
    assert out == (
        "storages.backends.s3.S3Storage edp-media https://s3.example.kz None "
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_sentry_starts_only_with_a_dsn():
    assert _production("import sentry_sdk; print(settings.SENTRY_ENABLED, sentry_sdk.get_client().is_active())") == (
        "False False"
    )
    out = _production(
        "import sentry_sdk; print(settings.SENTRY_ENABLED, sentry_sdk.get_client().is_active(),"
        " sentry_sdk.get_client().options['send_default_pii'])",
        SENTRY_DSN="https://public@127.0.0.1:9/1",
    )
    assert out == "True True False"


def test_production_logs_are_json_and_carry_the_request_id():
    out = _production("h = settings.LOGGING['handlers']['console']; print(h['formatter'], h['filters'])")
    assert out == "json ['request_id']"


def test_local_serve_can_turn_secure_cookies_off_but_production_keeps_them():
    assert _production("print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)") == "True True"
    assert _production("print(settings.SESSION_COOKIE_SECURE)", DJANGO_SECURE_COOKIES="0") == "False"


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("notifications.tasks.fan_out", "notifications"),
        ("notifications.tasks.send_emails", "notifications"),
        ("plans.tasks.plan_export_pdf", "exports"),
        ("consultations.tasks.report_export_xlsx", "exports"),
        ("edp.tasks.data_package_build", "data"),
        ("councils.tasks.run_draw", "default"),
    ],
)
def test_tasks_are_routed_to_their_queue(task, queue):
    app = Celery("routing-test", set_as_current=False)
    app.conf.update(task_routes=base.CELERY_TASK_ROUTES, task_default_queue=base.CELERY_TASK_DEFAULT_QUEUE)
    assert app.amqp.router.route({}, task)["queue"].name == queue
    assert queue in base.CELERY_QUEUE_NAMES


def test_compose_describes_every_process_once_and_one_beat():
    compose = yaml.safe_load((BASE_DIR / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "beat", "postgres", "redis", "worker-notifications", "worker-exports", "worker-data"} <= set(
        services
    )
    assert "gunicorn" in services["web"]["command"]
    assert services["beat"]["deploy"]["replicas"] == 1
    consumed = set()
    for name, service in services.items():
        if name.startswith("worker-"):
            consumed |= set(service["command"].split(" -Q ")[1].split()[0].split(","))
    assert consumed == set(base.CELERY_QUEUE_NAMES)
    procfile = (BASE_DIR / "deploy" / "Procfile").read_text()
    assert procfile.count("celery -A config beat") == 1


def test_serve_script_and_units_are_well_formed():
    assert subprocess.run(["bash", "-n", str(BASE_DIR / "deploy" / "serve.sh")]).returncode == 0
    units = sorted(p.name for p in (BASE_DIR / "deploy" / "systemd").glob("*.service"))
    assert units == ["edp-beat.service", "edp-web.service", "edp-worker@.service"]
