"""Fan-out of one notification to 100,000 people: time and queries per chunk.

Target (developers' guide): the whole fan-out finishes within a minute on
2 cores, and every chunk costs the same few queries however many people
there are. Run it with ``make bench`` or ``python bench/fanout.py [N]``.

It creates a throw-away test database (PostgreSQL when ``DATABASE_URL``
points at it, which is what the numbers are meant for; SQLite otherwise),
N residents of one region with verified email addresses, and publishes a
staff announcement to that region, exactly as the announcement page does:

1. "request": ``announcement_publish`` in one transaction (the event row,
   the first chunk inline, the audience count); its time is what the person
   publishing waits for;
2. "worker": ``event_fan_out`` writes the remaining chunks, as the Celery
   worker does, while task messages for the email batches are published to
   an in-memory broker (publishing is part of the cost; sending is not).

Results are printed and written to ``bench/results/fanout.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

TARGET_SECONDS = 60.0


class QueryCounter:
    """Counts queries without keeping their (large) SQL around."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def create_residents(n: int, region) -> None:
    from allauth.account.models import EmailAddress
    from django.db import transaction

    from accounts.models import User

    batch = 5000
    with transaction.atomic():
        for start in range(0, n, batch):
            users = User.objects.bulk_create(
                [
                    User(email=f"resident{i}@bench.edp.kz", password="!", region=region, preferred_language="ru")
                    for i in range(start, min(start + batch, n))
                ]
            )
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
            )


def run(n: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return measure(n)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure(n: int) -> dict:
    from django.conf import settings
    from django.db import connection

    from accounts.models import User
    from config.celery_app import app
    from notifications import services
    from notifications.models import Delivery, Event, Notification
    from stakeholders.models import Region

    app.conf.task_always_eager = False  # publish to the in-memory broker; no worker consumes
    region = Region.objects.get(code="pavlodar")
    staff = User.objects.create_user("bench-staff@bench.edp.kz", is_staff=True)

    started = time.perf_counter()
    create_residents(n, region)
    if connection.vendor == "postgresql":
        # Freshly bulk-loaded tables have no planner statistics yet; a live
        # database has them (autovacuum), so measure with them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - started

    per_chunk: list[int] = []
    real_chunk = services._fan_out_chunk

    def counted_chunk(*args, **kwargs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            result = real_chunk(*args, **kwargs)
        per_chunk.append(counter.count)
        return result

    services._fan_out_chunk = counted_chunk
    request_counter = QueryCounter()
    try:
        started = time.perf_counter()
        with connection.execute_wrapper(request_counter):
            announcement = services.announcement_publish(
                author=staff, region=region, title_en="Consultation opens", body_en="Tell us what you think."
            )
        request_seconds = time.perf_counter() - started
        event = Event.objects.get(target_id=announcement.pk, key="notifications.announcement")

        worker_counter = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(worker_counter):
            done = services.event_fan_out(event_id=event.pk, time_budget=10_000)
        worker_seconds = time.perf_counter() - started
    finally:
        services._fan_out_chunk = real_chunk

    event.refresh_from_db()
    notifications = Notification.objects.filter(event=event).count()
    deliveries = Delivery.objects.filter(notification__event=event).count()
    assert done and event.fanned_out_at is not None, "fan-out did not finish"
    assert notifications == n, f"{notifications} notifications for {n} residents"
    total = request_seconds + worker_seconds
    return {
        "recipients": n,
        "database": connection.vendor,
        "chunk_size": getattr(settings, "NOTIFICATIONS_FANOUT_CHUNK", 1000),
        "chunks": len(per_chunk),
        "queries_per_chunk_max": max(per_chunk),
        "queries_per_chunk_mean": round(statistics.mean(per_chunk), 2),
        "request_seconds": round(request_seconds, 3),
        "request_queries": request_counter.count,
        "worker_seconds": round(worker_seconds, 3),
        "worker_queries": worker_counter.count,
        "total_seconds": round(total, 3),
        "notifications_per_second": round(n / total),
        "email_deliveries": deliveries,
        "setup_seconds": round(setup_seconds, 3),
        "target_seconds": TARGET_SECONDS,
        "within_target": total <= TARGET_SECONDS,
    }


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0]) if argv else 100_000
    result = run(n)
    print(f"Fan-out to {result['recipients']:,} recipients on {result['database']}:")
    print(f"  request (publish + first chunk): {result['request_seconds']:.2f} s, {result['request_queries']} queries")
    print(f"  worker (remaining chunks):       {result['worker_seconds']:.2f} s, {result['worker_queries']} queries")
    print(
        f"  {result['chunks']} chunks of {result['chunk_size']}: "
        f"{result['queries_per_chunk_max']} queries per chunk at most (mean {result['queries_per_chunk_mean']})"
    )
    print(
        f"  total {result['total_seconds']:.2f} s ({result['notifications_per_second']:,} notifications/s), "
        f"target {TARGET_SECONDS:.0f} s: {'met' if result['within_target'] else 'MISSED'}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "fanout.json").write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
