"""Prometheus metrics at ``/metrics``: django-prometheus's request, latency and
model metrics (all gunicorn workers together when ``PROMETHEUS_MULTIPROC_DIR``
is set) plus two gauges read at scrape time: the depth of each Celery queue
in Redis and the notification outbox backlog.

Only callers from ``METRICS_ALLOWED_IPS`` or bearing ``METRICS_TOKEN``
(``Authorization: Bearer <token>``) get them; everyone else gets a 404.
"""

from __future__ import annotations

import hmac
import logging
import os

import prometheus_client
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

# kombu's Redis transport keeps one list per queue and priority step.
_PRIORITY_SEP = "\x06\x16"


def queue_depths() -> dict[str, int]:
    """Messages waiting in each queue of ``CELERY_QUEUE_NAMES`` (Redis broker only)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return {}
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        depths = {}
        for name in settings.CELERY_QUEUE_NAMES:
            keys = [name] + [f"{name}{_PRIORITY_SEP}{step}" for step in range(1, 10)]
            pipe = client.pipeline(transaction=False)
            for key in keys:
                pipe.llen(key)
            depths[name] = sum(pipe.execute())
        return depths
    finally:
        client.close()


class OpsCollector:
    """Reads the queues and the outbox at each scrape (a few cheap queries)."""

    def collect(self):
        from notifications.selectors import outbox_backlog

        depth = GaugeMetricFamily("edp_celery_queue_depth", "Messages waiting in a Celery queue", labels=["queue"])
        try:
            for queue, count in queue_depths().items():
                depth.add_metric([queue], count)
        except Exception:
            logger.warning("Cannot read Celery queue depths", exc_info=True)
        yield depth
        backlog = GaugeMetricFamily(
            "edp_notification_outbox_backlog", "Notification outbox rows not yet handled", labels=["kind"]
        )
        for kind, count in outbox_backlog().items():
            backlog.add_metric([kind], count)
        yield backlog


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if given and hmac.compare_digest(given.encode(), token.encode()):
            return True
    return request.META.get("REMOTE_ADDR", "") in getattr(settings, "METRICS_ALLOWED_IPS", ())


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = prometheus_client.REGISTRY
    ours = CollectorRegistry(auto_describe=False)
    ours.register(OpsCollector())
    body = prometheus_client.generate_latest(registry) + prometheus_client.generate_latest(ours)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
