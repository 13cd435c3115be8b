import pytest
from django.core import mail

from notifications.models import Delivery, Event, Notification, Preference
from notifications.services import notification_emit
from tests.factories.accounts import UserFactory
from tests.factories.notifications import AnnouncementFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db


def test_emit_writes_outbox_rows_and_sends_after_commit(residents, django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory()
    outsider = UserFactory(region=region("kyzylorda"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = notification_emit(event="notifications.announcement", target=announcement, actor=announcement.author)
        # Before commit: rows exist, nothing is sent.
        assert Notification.objects.filter(event=event).count() == 3
        assert mail.outbox == []
    assert callbacks
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert not Notification.objects.filter(recipient=announcement.author).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in residents)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    event.refresh_from_db()
    assert event.fanned_out_at is not None and event.recipients_done == 3


def test_emails_are_in_the_recipients_language(residents, django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory(title_en="Call opens", title_ru="Приём открыт", title_kk="Қабылдау ашылды")
    with django_capture_on_commit_callbacks(execute=True):
        notification_emit(event="notifications.announcement", target=announcement)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Call opens" in by_address["resident-en@example.kz"].subject
    assert "Приём открыт" in by_address["resident-ru@example.kz"].subject
    assert "Қабылдау ашылды" in by_address["resident-kk@example.kz"].subject
    html = by_address["resident-ru@example.kz"].alternatives[0][0]
    assert 'lang="ru"' in html


def test_preferences_off_and_digest(residents, django_capture_on_commit_callbacks):
    en, ru, kk = residents
    Preference.objects.create(user=ru, event="notifications.announcement", mode="off")
    Preference.objects.create(user=kk, event="notifications.announcement", mode="digest")
    with django_capture_on_commit_callbacks(execute=True):
        notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    assert [m.to for m in mail.outbox] == [[en.email]]
    assert not Notification.objects.filter(recipient=ru).exists()
    assert Delivery.objects.get(notification__recipient=kk).channel == "digest"


def test_context_must_be_storable(residents):
    with pytest.raises(TypeError):
        notification_emit(event="notifications.announcement", target=AnnouncementFactory(), when=object())


def test_unknown_event_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        notification_emit(event="nobody.registered_this", target=None)
    assert not Event.objects.exists()
