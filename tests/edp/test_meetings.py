import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.calendar import meeting_ics
from edp.models import Meeting, MeetingRegistration
from notifications.models import Notification
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.edp import MeetingFactory, MeetingRegistrationFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

CONFIRMED = MeetingRegistration.Status.CONFIRMED
WAITLISTED = MeetingRegistration.Status.WAITLISTED


@pytest.mark.django_db
def test_full_meeting_puts_people_on_the_waitlist_and_promotes_on_cancellation(edp):
    meeting = MeetingFactory(edp=edp, capacity=2)
    a, b, c, d = (UserFactory() for _ in range(4))
    ra = services.meeting_register(meeting=meeting, user=a)
    services.meeting_register(meeting=meeting, user=b)
    rc = services.meeting_register(meeting=meeting, user=c)
    rd = services.meeting_register(meeting=meeting, user=d)
    assert (ra.status, rc.status, rd.status) == (CONFIRMED, WAITLISTED, WAITLISTED)

    promoted = services.registration_cancel(registration=ra, actor=a)
    assert [r.user for r in promoted] == [c]  # first come, first served
    rc.refresh_from_db()
    assert rc.status == CONFIRMED
    assert meeting.registrations.filter(status=CONFIRMED).count() == 2
    assert Notification.objects.filter(recipient=c, event__key="edp.waitlist_promoted").exists()
    assert not Notification.objects.filter(recipient=d, event__key="edp.waitlist_promoted").exists()


@pytest.mark.django_db
def test_cancelling_a_waitlist_place_promotes_nobody(edp):
    meeting = MeetingFactory(edp=edp, capacity=1)
    services.meeting_register(meeting=meeting, user=UserFactory())
    waiting = services.meeting_register(meeting=meeting, user=UserFactory())
    assert services.registration_cancel(registration=waiting, actor=waiting.user) == []


@pytest.mark.django_db
def test_registering_twice_cancelled_or_past_meetings_are_refused(edp):
    user = UserFactory()
    meeting = MeetingFactory(edp=edp)
    registration = services.meeting_register(meeting=meeting, user=user)
    with pytest.raises(DomainError, match="already registered"):
        services.meeting_register(meeting=meeting, user=user)
    services.registration_cancel(registration=registration, actor=user)
    again = services.meeting_register(meeting=meeting, user=user)  # coming back is fine
    assert again.pk == registration.pk and again.status == CONFIRMED
    past = MeetingFactory(edp=edp, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(DomainError, match="already started"):
        services.meeting_register(meeting=past, user=user)
    services.meeting_cancel(meeting=meeting, actor=user, reason="Venue flooded")
    with pytest.raises(DomainError, match="cancelled"):
        services.meeting_register(meeting=meeting, user=UserFactory())


@pytest.mark.django_db
def test_helix_is_recorded_from_the_organisation_attended_for(edp):
    user = UserFactory()
    university = OrganisationFactory(helix=Helix.ACADEMIA, kind="university")
    MembershipFactory(user=user, organisation=university)
    meeting = MeetingFactory(edp=edp)
    assert services.meeting_register(meeting=meeting, user=user, organisation=university).helix == Helix.ACADEMIA
    stranger_org = OrganisationFactory()
    with pytest.raises(DomainError) as caught:
        services.meeting_register(meeting=MeetingFactory(edp=edp), user=user, organisation=stranger_org)
    assert caught.value.field == "organisation"


@pytest.mark.django_db
def test_raising_capacity_promotes_and_changes_are_announced(edp):
    meeting = MeetingFactory(edp=edp, capacity=1)
    first = UserFactory()
    services.meeting_register(meeting=meeting, user=first)
    waiting = services.meeting_register(meeting=meeting, user=UserFactory())
    new_time = meeting.starts_at + timedelta(days=1)
    services.meeting_save(edp=edp, actor=UserFactory(), meeting=meeting, capacity=2, starts_at=new_time)
    waiting.refresh_from_db()
    assert waiting.status == CONFIRMED
    assert Notification.objects.filter(recipient=first, event__key="edp.meeting_changed").exists()


@pytest.mark.django_db
def test_meeting_needs_a_place_and_cancellation_a_reason(edp):
    with pytest.raises(DomainError) as caught:
        services.meeting_save(
            edp=edp,
            actor=None,
            kind="roundtable",
            title="T",
            starts_at=timezone.now() + timedelta(days=1),
            venue="",
            online_url="",
        )
    assert caught.value.field == "venue"
    meeting = MeetingFactory(edp=edp)
    MeetingRegistrationFactory(meeting=meeting)
    with pytest.raises(DomainError):
        services.meeting_cancel(meeting=meeting, actor=None, reason=" ")
    services.meeting_cancel(meeting=meeting, actor=None, reason="The akim's visit moved")
    assert Notification.objects.filter(event__key="edp.meeting_cancelled").count() == 1


@pytest.mark.django_db
def test_agenda_topics_attendance_and_minutes(edp):
    meeting = services.meeting_save(
        edp=edp,
        actor=None,
        kind=Meeting.Kind.FOCUS_GROUP,
        title="Agri-food processing",
        starts_at=timezone.now() + timedelta(days=3),
        venue="Technopark",
        agenda="Welcome\n\nData on exports\nGroup work",
        topics="food processing, cold chain, Food processing",
    )
    assert [a.title for a in meeting.agenda_items.all()] == ["Welcome", "Data on exports", "Group work"]
    assert sorted(t.name for t in meeting.topics.all()) == ["cold chain", "food processing"]
    present = MeetingRegistrationFactory(meeting=meeting, helix=Helix.INDUSTRY)
    absent = MeetingRegistrationFactory(meeting=meeting)
    waiting = MeetingRegistrationFactory(meeting=meeting, status=WAITLISTED)
    with pytest.raises(DomainError, match="once the meeting has started"):
        services.attendance_mark(meeting=meeting, actor=None, present_ids={present.pk})
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    meeting.refresh_from_db()
    # A waitlisted person (or an id from elsewhere) cannot be marked present.
    assert services.attendance_mark(meeting=meeting, actor=None, present_ids={present.pk, waiting.pk, 999999}) == 1
    absent.refresh_from_db()
    assert not absent.attended
    services.minutes_publish(
        meeting=meeting, actor=None, minutes="We **agreed**.", decisions="Pilot a cold chain\nMeet again"
    )
    assert [d.text for d in meeting.decisions.all()] == ["Pilot a cold chain", "Meet again"]


@pytest.mark.django_db
def test_icalendar_file_is_valid_and_escaped(edp):
    meeting = MeetingFactory(edp=edp, title="Roundtable; metals, energy", description="Line one\nLine two " + "x" * 100)
    body = meeting_ics(meeting)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Roundtable\\; metals\\, energy" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert f"UID:meeting-{meeting.pk}@" in body


@pytest.mark.django_db
def test_public_meeting_page_shows_attendance_by_helix(client, edp):
    meeting = MeetingFactory(edp=edp, starts_at=timezone.now() - timedelta(days=1))
    for helix in (Helix.INDUSTRY, Helix.INDUSTRY, Helix.ACADEMIA):
        MeetingRegistrationFactory(meeting=meeting, helix=helix, attended=True)
    MeetingRegistrationFactory(meeting=meeting, helix=Helix.GOVERNMENT, attended=False)
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "66.7%" in body and "33.3%" in body


@pytest.mark.django_db
def test_meeting_list_queries_do_not_grow(client, edp, django_assert_max_num_queries):
    url = reverse("edp:meetings", args=[edp.slug])
    for _ in range(3):
        MeetingRegistrationFactory(meeting=MeetingFactory(edp=edp))
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for _ in range(17):
        MeetingRegistrationFactory(meeting=MeetingFactory(edp=edp))
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_registrations_never_overbook(edp):
    """Twelve people click "register" for the last three seats at once: the
    meeting row lock serialises them, so exactly three get a seat."""
    meeting = MeetingFactory(edp=edp, capacity=3)
    people = [UserFactory() for _ in range(12)]
    barrier = threading.Barrier(len(people))
    errors = []

    def register(person):
        from django.db import connections

        try:
            barrier.wait()
            services.meeting_register(meeting=meeting, user=person)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert meeting.registrations.filter(status=CONFIRMED).count() == 3
    assert meeting.registrations.filter(status=WAITLISTED).count() == 9


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_cancellations_promote_each_waiting_person_once(edp):
    meeting = MeetingFactory(edp=edp, capacity=4)
    seated = [services.meeting_register(meeting=meeting, user=UserFactory()) for _ in range(4)]
    for _ in range(6):
        services.meeting_register(meeting=meeting, user=UserFactory())
    barrier = threading.Barrier(len(seated))

    def cancel(registration):
        from django.db import connections

        try:
            barrier.wait()
            services.registration_cancel(registration=registration, actor=registration.user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in seated]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert meeting.registrations.filter(status=CONFIRMED).count() == 4
    assert meeting.registrations.filter(status=WAITLISTED).count() == 2
