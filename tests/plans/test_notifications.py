import datetime

from django.utils import timezone

from notifications.models import Notification
from notifications.reminders import reminders_send
from tests.factories.stakeholders import MembershipFactory
from tests.plans.conftest import adopt


def test_due_report_reminds_the_responsible_organisation_once(world):
    adopt(world["plan"], when=timezone.now() - datetime.timedelta(days=400))
    member = world["users"]["responsible"]
    outsider = MembershipFactory().user
    assert reminders_send() >= 1
    assert Notification.objects.filter(recipient=member).count() == 1
    assert not Notification.objects.filter(recipient=outsider).exists()
    note = Notification.objects.get(recipient=member)
    assert note.event.key == "plans.measurement_due" and note.event.context["period"]
    assert reminders_send() == 0  # never twice for the same period


def test_no_reminder_when_reported_or_not_adopted(world):
    assert reminders_send() == 0  # draft plan
    adopt(world["plan"], when=timezone.now() - datetime.timedelta(days=400))
    from plans.periods import period_containing

    indicator = world["indicator"]
    today = timezone.localdate()
    current = period_containing(indicator.frequency, today)
    previous = period_containing(indicator.frequency, current.start - datetime.timedelta(days=1))
    indicator.measurements.create(period_start=previous.start, period_end=previous.end, value=1)
    assert reminders_send() == 0
