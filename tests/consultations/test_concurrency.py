"""Double submissions under real concurrency: 20 parallel requests for the
same stance or helpful mark leave exactly one row, the database constraint
enforces it, and the counters equal the row counts. PostgreSQL only: SQLite
serialises whole-database writes and proves nothing here, so the tests skip on
SQLite locally and fail there in CI (``EDP_REQUIRE_SERVICES=1``): CI can never
silently skip them."""

import os
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from consultations.models import Comment, ConsultationItem, HelpfulMark, Stance
from tests.factories.accounts import UserFactory
from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_or_skip")]

PARALLEL = 20


@pytest.fixture
def postgresql_or_skip():
    """As tests/notifications/test_worker_killed.py: a skip outside CI, a
    failure in CI, where PostgreSQL is required."""
    if connection.vendor != "postgresql":
        if os.environ.get("EDP_REQUIRE_SERVICES"):
            pytest.fail("CI must run the concurrency tests on PostgreSQL (DATABASE_URL)")
        pytest.skip("needs PostgreSQL row locks (DATABASE_URL=postgres://...)")


def _hammer(user, url: str, data: dict) -> list[int]:
    barrier = threading.Barrier(PARALLEL)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run():
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return statuses


@pytest.fixture
def item(db):
    return ItemFactory(consultation=ConsultationFactory())


def test_twenty_parallel_stance_posts_make_one_row(item):
    user = UserFactory()
    statuses = _hammer(user, reverse("consultations:stance", args=[item.pk]), {"position": "support"})
    assert statuses == [302] * PARALLEL
    assert Stance.objects.filter(item=item, user=user).count() == 1
    item = ConsultationItem.objects.get(pk=item.pk)
    assert item.support_count == Stance.objects.filter(item=item, position="support").count() == 1
    assert item.neutral_count == item.oppose_count == 0
    assert item.civil_society_support_count == 1
    assert sum(sum(by_position.values()) for by_position in item.stances_by_helix().values()) == 1


def test_twenty_parallel_changes_of_one_stance_keep_counters_equal_to_rows(item):
    """The same person sends different positions at once (double clicks on
    different buttons): one row, and every counter equals its rows."""
    user = UserFactory(helix="industry")
    url = reverse("consultations:stance", args=[item.pk])
    barrier = threading.Barrier(PARALLEL)
    errors: list[BaseException] = []

    def run(i):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            client.post(url, {"position": ["support", "neutral", "oppose", ""][i % 4]})
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    item = ConsultationItem.objects.get(pk=item.pk)
    assert Stance.objects.filter(item=item, user=user).count() <= 1
    for position in Stance.Position.values:
        rows = Stance.objects.filter(item=item, position=position).count()
        assert getattr(item, f"{position}_count") == rows
        assert getattr(item, f"industry_{position}_count") == rows


def test_parallel_stances_of_different_people_all_count(item):
    users = [UserFactory() for _ in range(PARALLEL)]
    barrier = threading.Barrier(PARALLEL)

    def run(user):
        client = Client()
        client.force_login(user)
        barrier.wait()
        client.post(reverse("consultations:stance", args=[item.pk]), {"position": "oppose"})
        connections.close_all()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    item = ConsultationItem.objects.get(pk=item.pk)
    assert item.oppose_count == Stance.objects.filter(item=item).count() == PARALLEL
    assert item.civil_society_oppose_count == PARALLEL  # the factory's users count as civil society


def test_twenty_parallel_helpful_marks_make_one_row(item):
    comment = CommentFactory(item=item)
    user = UserFactory()
    statuses = _hammer(user, reverse("consultations:helpful", args=[comment.pk]), {"helpful": "1"})
    assert statuses == [302] * PARALLEL
    assert HelpfulMark.objects.filter(comment=comment, user=user).count() == 1
    assert Comment.objects.get(pk=comment.pk).helpful_count == 1


def test_the_constraints_themselves_refuse_duplicates(item):
    user = UserFactory()
    Stance.objects.create(item=item, user=user, position="support", helix="industry")
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.create(item=item, user=user, position="oppose", helix="industry")
    comment = CommentFactory(item=item)
    HelpfulMark.objects.create(comment=comment, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulMark.objects.create(comment=comment, user=user)
