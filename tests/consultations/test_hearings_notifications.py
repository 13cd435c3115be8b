from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import events, services
from consultations.models import HearingLink
from consultations.report import build_report
from core.errors import DomainError
from edp.models import Meeting
from notifications.models import Notification
from notifications.reminders import reminders_send
from tests.factories.accounts import UserFactory
from tests.factories.consultations import ConsultationFactory
from tests.factories.edp import MeetingFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db


def _notified(user, key):
    return Notification.objects.filter(recipient=user, event__key=key).count()


@pytest.fixture
def hearing(edp):
    return MeetingFactory(
        edp=edp,
        kind=Meeting.Kind.PUBLIC_HEARING,
        title="Public hearing at the akimat",
        minutes="We heard **forty** people. <script>alert(1)</script>",
        minutes_published_at=timezone.now(),
    )


def test_attach_a_public_hearing_and_its_minutes_join_the_report(client, consultation, coordinator, hearing):
    services.hearing_attach(consultation=consultation, actor=coordinator, meeting=hearing)
    report = build_report(consultation)
    assert report.hearings == [hearing]
    html = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Public hearing at the akimat" in html and "<strong>forty</strong>" in html
    assert "<script>alert(1)" not in html


def test_only_public_hearings_of_the_same_edp(consultation, coordinator, edp, other_edp, hearing):
    with pytest.raises(DomainError, match="Only public hearings"):
        services.hearing_attach(consultation=consultation, actor=coordinator, meeting=MeetingFactory(edp=edp))
    with pytest.raises(DomainError, match="this process"):
        services.hearing_attach(
            consultation=consultation,
            actor=coordinator,
            meeting=MeetingFactory(edp=other_edp, kind=Meeting.Kind.PUBLIC_HEARING),
        )
    services.hearing_attach(consultation=consultation, actor=coordinator, meeting=hearing)
    with pytest.raises(DomainError, match="already attached"):
        services.hearing_attach(consultation=consultation, actor=coordinator, meeting=hearing)


@pytest.mark.parametrize("role", ["anonymous", "citizen", "moderator", "other_coordinator", "coordinator"])
def test_attach_view_permissions(as_role, consultation, hearing, role):
    client, _ = as_role(role)
    response = client.post(reverse("consultations:hearing_attach", args=[consultation.pk]), {"meeting": hearing.pk})
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    elif role == "coordinator":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert HearingLink.objects.exists() == (role == "coordinator")


def test_reply_notifies_the_parent_author_only(item, resident):
    replier = UserFactory()
    top = services.comment_create(item=item, author=resident, body="Top")
    services.comment_create(item=item, author=replier, body="Reply", parent=top)
    services.comment_create(item=item, author=resident, body="Own reply", parent=top)
    assert _notified(resident, events.REPLY_POSTED) == 1
    assert _notified(replier, events.REPLY_POSTED) == 0


def test_hidden_restored_and_auto_hidden_notify_the_author(consultation, item, resident, moderator):
    comment = services.comment_create(item=item, author=resident, body="Contested")
    services.comment_hide(comment=comment, moderator=moderator, reason="off-topic")
    services.comment_restore(comment=comment, moderator=moderator)
    assert _notified(resident, events.COMMENT_HIDDEN) == 1
    assert _notified(resident, events.COMMENT_RESTORED) == 1
    for _ in range(consultation.flag_threshold):
        services.flag_create(comment=comment, user=UserFactory(), reason="spam")
    assert _notified(resident, events.COMMENT_HIDDEN) == 2


def test_answer_notifies_each_author_once(consultation, item, coordinator, resident):
    a = services.comment_create(item=item, author=resident, body="One")
    b = services.comment_create(item=item, author=resident, body="Two")
    other = UserFactory()
    c = services.comment_create(item=item, author=other, body="Three")
    services.answer_create(
        consultation=consultation,
        author=coordinator,
        item=item,
        comments=[a, b, c],
        summary="Same point",
        outcome="accepted",
        reason="Done.",
    )
    assert _notified(resident, events.COMMENT_ANSWERED) == 1
    assert _notified(other, events.COMMENT_ANSWERED) == 1


def test_opening_is_announced_once_to_residents_of_the_region(edp):
    pavlodar_resident = UserFactory(region=region("pavlodar"))
    elsewhere = UserFactory(region=region("kyzylorda"))
    consultation = ConsultationFactory(edp=edp, opens_at=timezone.now() - timedelta(hours=1))
    ConsultationFactory(edp=edp, scheduled=True)  # not yet open: not announced
    reminders_send()
    reminders_send()
    assert _notified(pavlodar_resident, events.CONSULTATION_OPENED) == 1
    assert _notified(elsewhere, events.CONSULTATION_OPENED) == 0
    assert Notification.objects.filter(event__target_id=consultation.pk, event__key=events.CONSULTATION_OPENED).exists()
