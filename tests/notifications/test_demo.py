import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from notifications.models import Delivery, DeliveryMode, Event, Notification, Preference


def _state():
    return (
        sorted(Event.objects.values_list("key", "target_type_id", "target_id")),
        sorted(Notification.objects.values_list("event_id", "recipient_id", "read_at")),
        sorted(Delivery.objects.values_list("notification_id", "channel")),
        sorted(Preference.objects.values_list("user_id", "event", "mode")),
    )


@pytest.mark.django_db
def test_demo_people_have_a_bell_with_unread_news_and_a_second_run_changes_nothing(client):
    call_command("load_demo", stdout=io.StringIO())
    state = _state()
    call_command("load_demo", stdout=io.StringIO())
    assert _state() == state

    keys = set(Event.objects.values_list("key", flat=True))
    assert "notifications.announcement" in keys
    # Told about real things of the demo data, as the services would tell them.
    assert keys & {"evaluations.idea_decided", "consultations.reply_posted", "evaluations.assigned"}
    # Kyzylorda's residents were told their consultation is open.
    kyzylorda_citizen = User.objects.get(email="kz_citizen1@demo.edp.kz")
    assert Notification.objects.filter(
        recipient=kyzylorda_citizen, event__key="consultations.consultation_opened", read_at__isnull=True
    ).exists()
    assert Preference.objects.filter(mode=DeliveryMode.DIGEST).exists()

    citizen = User.objects.get(display_name="Aliya Sarsenbayeva")
    mine = Notification.objects.filter(recipient=citizen)
    unread = mine.filter(read_at__isnull=True).count()
    assert unread >= 1
    # Some read, some not: the bell shows a count smaller than the list.
    if mine.count() >= 2:
        assert mine.filter(read_at__isnull=False).exists()
    client.force_login(citizen)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Pavlodar&#x27;s action plan: the first progress figures are out" in page
