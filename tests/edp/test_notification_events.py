"""What the EDP app tells people: the call for ideas opening, stages and the
call closing soon, and the meeting-tomorrow reminder (run by the hourly beat
task ``send_scheduled_reminders``)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone, translation

from edp import services
from edp.models import EDPStage, MeetingRegistration
from edp.workflow import Stage
from notifications.models import Notification, SentReminder
from notifications.reminders import reminders_send
from notifications.rendering import render_message_strict
from tests.factories.accounts import UserFactory
from tests.factories.edp import (
    EDPRoleFactory,
    IdeaFactory,
    MeetingFactory,
    MeetingRegistrationFactory,
    RegionalAssetFactory,
)
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

from .conftest import make_edp

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
CALL_OPENED = "edp.call_for_ideas_opened"
CLOSING = "edp.stage_closing_soon"
TOMORROW = "edp.meeting_tomorrow"


def notes(key, user=None):
    qs = Notification.objects.filter(event__key=key)
    return qs.filter(recipient=user) if user is not None else qs


def recipients(key):
    return sorted(notes(key).values_list("recipient_id", flat=True))


# --- "A call for ideas opens in my region" ----------------------------------


def test_call_for_ideas_opened_reaches_the_region_once(edp_preconditions_only, django_capture_on_commit_callbacks):
    pavlodar, kyzylorda = region(), region("kyzylorda")
    edp = make_edp(Stage.PREPARATION, region=pavlodar)
    RegionalAssetFactory(edp=edp)
    coordinator = EDPRoleFactory(edp=edp).user
    resident = UserFactory(region=pavlodar, preferred_language="ru")
    local_org = OrganisationFactory(region=pavlodar)
    member = MembershipFactory(organisation=local_org, status="active").user
    # Resident and member at once: still one notification.
    both = UserFactory(region=pavlodar)
    MembershipFactory(user=both, organisation=local_org, status="active")
    pending = MembershipFactory(organisation=local_org, status="pending").user
    elsewhere = UserFactory(region=kyzylorda)
    MembershipFactory(user=elsewhere, organisation=OrganisationFactory(region=kyzylorda), status="active")

    with django_capture_on_commit_callbacks(execute=True):
        services.edp_transition(edp=edp, actor=coordinator, to_stage=Stage.FORESIGHT)

    assert recipients(CALL_OPENED) == sorted([resident.pk, member.pk, both.pk])
    for outsider in (pending, elsewhere):
        assert not notes(CALL_OPENED, outsider).exists()
    # Emails in each person's language (the resident reads Russian).
    announced = [m for m in mail.outbox if edp.title in m.subject and "ideas" in m.subject.lower()]
    assert sorted(m.to[0] for m in announced) == sorted([member.email, both.email])
    assert [m.subject for m in mail.outbox if m.to == [resident.email]] == [
        f"Открыт приём идей в регионе Павлодарская область: «{edp.title}»"
    ]

    # Going back to foresight later (a reopening) does not announce the call again.
    edp.stage = Stage.EVALUATION
    edp.save(update_fields=["stage"])
    services.edp_reopen(edp=edp, actor=coordinator, to_stage=Stage.FORESIGHT, reason="More ideas from the south")
    assert notes(CALL_OPENED).count() == 3


def test_other_stage_changes_do_not_announce_a_call(edp_preconditions_only):
    edp = make_edp(Stage.FORESIGHT)
    UserFactory(region=edp.region)
    IdeaFactory(edp=edp, submitted=True)
    services.edp_transition(edp=edp, actor=EDPRoleFactory(edp=edp).user, to_stage=Stage.EVALUATION)
    assert not notes(CALL_OPENED).exists()


# --- "A stage of an EDP I take part in closes soon" -------------------------

NOW = datetime(2026, 5, 10, 9, 0, tzinfo=ALMATY)


@pytest.fixture
def participants(db):
    """An EDP in foresight with its participants, and people who do not take part."""
    edp = make_edp(Stage.FORESIGHT)
    EDPStage.objects.filter(edp=edp, stage=Stage.PREPARATION).update(
        opened_at=NOW - timedelta(days=60), closed_at=NOW - timedelta(days=30), planned_end=NOW.date()
    )
    EDPStage.objects.filter(edp=edp, stage=Stage.FORESIGHT).update(opened_at=NOW - timedelta(days=30))
    evaluator = EDPRoleFactory(edp=edp, role="evaluator").user
    author = IdeaFactory(edp=edp, submitted=True).submitter
    registered = MeetingRegistrationFactory(meeting=MeetingFactory(edp=edp)).user
    in_the_region = UserFactory(region=edp.region)
    other_edp_role = EDPRoleFactory(role="evaluator").user
    return {
        "edp": edp,
        "in": [evaluator, author, registered],
        "out": [in_the_region, other_edp_role],
    }


def _plan(edp, stage, planned_end):
    EDPStage.objects.filter(edp=edp, stage=stage).update(planned_end=planned_end)


def _close_call(edp, when):
    edp.ideas_close_at = when
    edp.save(update_fields=["ideas_close_at"])


def test_the_call_for_ideas_closing_soon_reaches_the_participants_once(
    participants, django_capture_on_commit_callbacks
):
    edp = participants["edp"]
    _close_call(edp, datetime(2026, 5, 12, 18, 0, tzinfo=ALMATY))
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=NOW)
    assert recipients(CLOSING) == sorted(p.pk for p in participants["in"])
    for outsider in participants["out"]:
        assert not notes(CLOSING, outsider).exists()
    message = render_message_strict(notes(CLOSING).first())
    assert message.subject == f"“{edp.title}”: the call for ideas closes on 12 May"
    assert message.url == edp.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox if "closes on 12 May" in m.subject) == sorted(
        p.email for p in participants["in"]
    )
    # The next hourly runs repeat nothing.
    for hours in (1, 2, 30):
        reminders_send(now=NOW + timedelta(hours=hours))
    assert notes(CLOSING).count() == 3


def test_a_moved_closing_date_is_announced_again_but_a_passed_one_never(participants):
    edp = participants["edp"]
    _close_call(edp, NOW + timedelta(days=2))
    reminders_send(now=NOW)
    assert notes(CLOSING).count() == 3
    _close_call(edp, NOW + timedelta(days=3))  # extended by a day
    reminders_send(now=NOW + timedelta(hours=1))
    assert notes(CLOSING).count() == 6
    later = notes(CLOSING, participants["in"][0]).order_by("-pk").first()
    assert "closes on 13 May" in render_message_strict(later).subject
    # Moved into the past (the call was closed early): nothing more.
    _close_call(edp, NOW - timedelta(hours=1))
    reminders_send(now=NOW + timedelta(hours=2))
    assert notes(CLOSING).count() == 6


def test_not_before_the_window_and_not_outside_foresight(participants):
    edp = participants["edp"]
    _close_call(edp, NOW + timedelta(days=5))
    reminders_send(now=NOW)
    assert not notes(CLOSING).exists()
    # Once within three days it is due.
    reminders_send(now=NOW + timedelta(days=2, hours=1))
    assert notes(CLOSING).count() == 3
    # A call deadline left on an EDP that moved on is not announced.
    other = make_edp(Stage.EVALUATION)
    EDPRoleFactory(edp=other, role="evaluator")
    _close_call(other, NOW + timedelta(days=3))
    reminders_send(now=NOW + timedelta(days=2, hours=2))
    assert not Notification.objects.filter(event__key=CLOSING, event__target_id=other.pk).exists()


def test_the_current_stage_closing_soon(participants):
    edp = participants["edp"]
    _plan(edp, Stage.FORESIGHT, date(2026, 5, 12))
    # Later stages and the closed preparation stage have dates too; they are not reminded of.
    _plan(edp, Stage.EVALUATION, date(2026, 5, 11))
    reminders_send(now=NOW)
    assert recipients(CLOSING) == sorted(p.pk for p in participants["in"])
    note = notes(CLOSING, participants["in"][0]).get()
    assert render_message_strict(note).subject == (
        f"“{edp.title}”: the stage “Technological foresight” closes on 12 May"
    )
    with translation.override("ru"):
        assert "этап «Технологический форсайт» завершается 12 мая" in render_message_strict(note).subject
    with translation.override("kk"):
        subject = render_message_strict(note).subject
        assert "«Технологиялық форсайт»" in subject and "12 Мамыр" in subject
    reminders_send(now=NOW + timedelta(hours=1))
    assert notes(CLOSING).count() == 3
    # Replanned: announced again for the new date.
    _plan(edp, Stage.FORESIGHT, date(2026, 5, 13))
    reminders_send(now=NOW + timedelta(hours=2))
    assert notes(CLOSING).count() == 6


def test_a_closed_or_past_stage_is_never_reminded_of(participants):
    edp = participants["edp"]
    _plan(edp, Stage.FORESIGHT, date(2026, 5, 9))  # yesterday: overdue, not "soon"
    reminders_send(now=NOW)
    assert not notes(CLOSING).exists()
    _plan(edp, Stage.FORESIGHT, date(2026, 5, 11))
    EDPStage.objects.filter(edp=edp, stage=Stage.FORESIGHT).update(closed_at=NOW - timedelta(minutes=5))
    reminders_send(now=NOW)
    assert not notes(CLOSING).exists()


def test_one_message_when_the_call_and_the_stage_close_the_same_day(participants):
    edp = participants["edp"]
    _close_call(edp, datetime(2026, 5, 12, 18, 0, tzinfo=ALMATY))
    _plan(edp, Stage.FORESIGHT, date(2026, 5, 12))
    reminders_send(now=NOW)
    assert notes(CLOSING).count() == 3
    assert SentReminder.objects.filter(provider="edp.stage_closing_soon").count() == 1


# --- "A meeting I registered for is tomorrow" -------------------------------


@pytest.fixture
def meeting(edp):
    meeting = MeetingFactory(edp=edp, starts_at=timezone.now() + timedelta(hours=20), capacity=2)
    confirmed = [MeetingRegistrationFactory(meeting=meeting).user for _ in range(2)]
    waitlisted = MeetingRegistrationFactory(meeting=meeting, status=MeetingRegistration.Status.WAITLISTED).user
    return meeting, confirmed, waitlisted


def test_meeting_tomorrow_reaches_confirmed_people_once_per_occurrence(meeting, edp):
    meeting, confirmed, waitlisted = meeting
    far = MeetingFactory(edp=edp, starts_at=timezone.now() + timedelta(hours=30))
    far_person = MeetingRegistrationFactory(meeting=far).user
    past = MeetingFactory(edp=edp, starts_at=timezone.now() - timedelta(hours=1))
    past_person = MeetingRegistrationFactory(meeting=past).user

    now = timezone.now()
    reminders_send(now=now)
    assert recipients(TOMORROW) == sorted(u.pk for u in confirmed)
    for nobody in (waitlisted, far_person, past_person):
        assert not notes(TOMORROW, nobody).exists()
    message = render_message_strict(notes(TOMORROW, confirmed[0]).get())
    assert message.subject.startswith(f"Tomorrow: “{meeting.title}” at ")
    assert message.body == meeting.venue
    for hours in (1, 2, 3):
        reminders_send(now=now + timedelta(hours=hours))
    assert notes(TOMORROW).count() == 2

    # Rescheduled to later the same day: a new occurrence, reminded again.
    services.meeting_save(
        edp=edp, actor=confirmed[0], meeting=meeting, starts_at=meeting.starts_at + timedelta(hours=3)
    )
    reminders_send(now=now + timedelta(hours=4))
    assert notes(TOMORROW).count() == 4
    reminders_send(now=now + timedelta(hours=5))
    assert notes(TOMORROW).count() == 4


def test_no_reminder_for_someone_who_cancelled(meeting):
    meeting, (stays, leaves), waitlisted = meeting
    services.registration_cancel(
        registration=MeetingRegistration.objects.get(meeting=meeting, user=leaves), actor=leaves
    )
    reminders_send(now=timezone.now())
    # The freed seat went to the waitlisted person, who is reminded instead.
    assert recipients(TOMORROW) == sorted([stays.pk, waitlisted.pk])
    assert not notes(TOMORROW, leaves).exists()


def test_no_reminder_for_a_cancelled_meeting(meeting):
    meeting, confirmed, _ = meeting
    services.meeting_cancel(meeting=meeting, actor=confirmed[0], reason="The venue flooded")
    reminders_send(now=timezone.now())
    assert not notes(TOMORROW).exists()
    assert not SentReminder.objects.filter(provider="edp.meeting_tomorrow").exists()
