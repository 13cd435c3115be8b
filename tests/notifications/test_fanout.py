"""Fan-out scale: a bounded number of queries per chunk, whatever the audience.

The timing lives in bench/fanout.py (100,000 recipients); here only the
query counts, which do not depend on the machine.
"""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from notifications import services
from notifications.models import Delivery, Event, Notification, Preference
from notifications.services import event_fan_out, notification_emit
from tests.factories.accounts import UserFactory
from tests.factories.notifications import AnnouncementFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db

CHUNK = 50


def make_residents(n: int, **extra) -> list[User]:
    pavlodar = region()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [User(email=f"bulk{start + i}@example.kz", password="!", region=pavlodar, **extra) for i in range(n)]
    )
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    return users


@pytest.fixture
def chunked(settings):
    settings.NOTIFICATIONS_FANOUT_CHUNK = CHUNK


@pytest.fixture
def per_chunk(monkeypatch):
    """Queries spent in each chunk of the fan-out."""
    counts: list[int] = []
    real = services._fan_out_chunk

    def counted(*args, **kwargs):
        with CaptureQueriesContext(connection) as ctx:
            result = real(*args, **kwargs)
        counts.append(len(ctx.captured_queries))
        return result

    monkeypatch.setattr(services, "_fan_out_chunk", counted)
    return counts


# On PostgreSQL a chunk is one INSERT ... SELECT plus the cursor update; the
# portable path reads, then bulk-inserts (SQLite splits a bulk insert into
# batches of its parameter limit, still independent of the audience size).
MAX_QUERIES_PER_CHUNK = 2 if connection.vendor == "postgresql" else 8


@pytest.mark.parametrize("residents", [3 * CHUNK, 12 * CHUNK])
def test_queries_per_chunk_are_bounded_and_do_not_grow_with_the_audience(chunked, per_chunk, residents):
    people = make_residents(residents)
    Preference.objects.bulk_create(
        [Preference(user=u, event="notifications.announcement", mode="digest") for u in people[::7]]
    )
    event = notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    assert event_fan_out(event_id=event.pk) is True

    assert len(per_chunk) == residents // CHUNK + 1  # the last, short chunk finds nobody left
    assert max(per_chunk) <= MAX_QUERIES_PER_CHUNK
    assert Notification.objects.filter(event=event).count() == residents
    assert Delivery.objects.filter(notification__event=event, channel="digest").count() == len(people[::7])
    event.refresh_from_db()
    assert event.recipients_done == residents and event.fanned_out_at is not None


def test_the_request_writes_one_chunk_and_leaves_the_rest_to_the_worker(chunked, django_assert_max_num_queries):
    make_residents(10 * CHUNK)
    announcement = AnnouncementFactory()
    # Savepoint and release, the content type, the event row, one chunk, the
    # audience count for the progress bar, saving it.
    with django_assert_max_num_queries(MAX_QUERIES_PER_CHUNK + 6):
        event = notification_emit(event="notifications.announcement", target=announcement)
    assert Notification.objects.filter(event=event).count() == CHUNK
    assert event.recipients_total == 10 * CHUNK
    assert event.fanned_out_at is None


def test_a_repeated_fan_out_task_never_writes_anyone_twice(chunked):
    make_residents(3 * CHUNK)
    event = notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    assert event_fan_out(event_id=event.pk) is True
    assert event_fan_out(event_id=event.pk) is True  # redelivered: nothing left to do
    assert Notification.objects.filter(event=event).count() == 3 * CHUNK


def test_a_time_budget_stops_between_chunks_and_the_next_run_resumes(chunked):
    make_residents(4 * CHUNK)
    event = notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    assert event_fan_out(event_id=event.pk, time_budget=0) is False  # one chunk, then out of time
    assert Notification.objects.filter(event=event).count() == 2 * CHUNK
    assert event_fan_out(event_id=event.pk) is True
    assert Notification.objects.filter(event=event).count() == 4 * CHUNK


def test_inactive_and_deleted_accounts_and_the_actor_are_left_out(residents):
    gone = UserFactory(region=region(), is_active=False)
    announcement = AnnouncementFactory()
    event = notification_emit(event="notifications.announcement", target=announcement, actor=residents[0])
    notified = set(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))
    assert notified == {residents[1].pk, residents[2].pk}
    assert gone.pk not in notified


def test_unverified_addresses_get_the_bell_but_no_email(residents):
    EmailAddress.objects.filter(user=residents[0]).update(verified=False)
    event = notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    assert Notification.objects.filter(event=event, recipient=residents[0]).exists()
    assert not Delivery.objects.filter(notification__recipient=residents[0]).exists()


def test_a_target_deleted_before_the_fan_out_notifies_nobody(chunked):
    make_residents(2 * CHUNK)
    announcement = AnnouncementFactory()
    event = notification_emit(event="notifications.announcement", target=announcement)
    Notification.objects.filter(event=event).delete()
    Event.objects.filter(pk=event.pk).update(cursor=0, recipients_done=0)
    announcement.delete()
    assert event_fan_out(event_id=event.pk) is True
    assert not Notification.objects.filter(event=event).exists()
