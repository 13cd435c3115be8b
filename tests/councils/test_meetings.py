"""A council's meetings, hearings and office hours on the EDP meeting
machinery: agenda published and announced, registration with a waitlist,
hearings outside the capital marked, questions before and answers after."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from councils import services
from councils.models import CouncilFollower
from edp.models import Meeting, MeetingRegistration
from edp.services import meetings as edp_meetings
from tests.factories.accounts import UserFactory
from tests.factories.councils import QuestionFactory, district
from tests.factories.edp import MeetingFactory

pytestmark = pytest.mark.django_db


def _values(**extra):
    return {
        "kind": Meeting.Kind.PUBLIC_HEARING,
        "title": "Hearing on the draft plan",
        "description": "",
        "starts_at": timezone.now() + datetime.timedelta(days=5),
        "duration_minutes": 120,
        "venue": "Culture centre",
        "online_url": "",
        "capacity": 2,
        "district": district("Ekibastuz city"),
        **extra,
    }


def test_an_agenda_published_is_announced_to_members_and_followers(council, cast, django_capture_on_commit_callbacks):
    CouncilFollower.objects.create(council=council, user=cast["resident"])
    with django_capture_on_commit_callbacks(execute=True):
        hearing = services.council_meeting_save(
            council=council, actor=council.secretary, agenda="The draft plan\nQuestions", **_values()
        )
    assert hearing.council == council and hearing.edp is None
    assert list(hearing.agenda_items.values_list("title", flat=True)) == ["The draft plan", "Questions"]
    told = {a for m in mail.outbox if m.subject.startswith("Agenda:") for a in m.to}
    assert {cast["member"].email, cast["resident"].email} <= told
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.council_meeting_save(
            council=council, actor=council.secretary, meeting=hearing, agenda="The draft plan\nQuestions", **_values()
        )
    assert not [m for m in mail.outbox if m.subject.startswith("Agenda:")]  # unchanged: not announced again


def test_only_council_kinds_and_the_councils_districts(council):
    with pytest.raises(DomainError, match="council meeting, a public hearing or office hours"):
        services.council_meeting_save(
            council=council, actor=council.secretary, **_values(kind=Meeting.Kind.FORESIGHT_WORKSHOP)
        )
    with pytest.raises(DomainError, match="district of the council's region"):
        services.council_meeting_save(
            council=council, actor=council.secretary, **_values(district=district("Aral", "kyzylorda"))
        )


def test_registration_and_waitlist_are_the_meeting_machinerys(council, cast):
    hearing = services.council_meeting_save(council=council, actor=council.secretary, **_values())
    first = services.meeting_register(meeting=hearing, user=cast["resident"])
    second = services.meeting_register(meeting=hearing, user=cast["member"])
    third = services.meeting_register(meeting=hearing, user=UserFactory())
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    edp_meetings.registration_cancel(registration=first, actor=cast["resident"])
    assert MeetingRegistration.objects.get(pk=third.pk).status == "confirmed"


def test_questions_are_asked_before_and_answered_after(council, cast, django_capture_on_commit_callbacks):
    hearing = MeetingFactory(edp=None, council=council, kind=Meeting.Kind.OFFICE_HOURS)
    question = services.question_ask(meeting=hearing, author=cast["resident"], text="Buses to Ekibastuz?")
    with pytest.raises(DomainError, match="answered once the hearing has taken place"):
        services.question_answer(question=question, actor=council.secretary, answer="Yes")
    Meeting.objects.filter(pk=hearing.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))
    question.refresh_from_db()
    with pytest.raises(DomainError, match="questions are taken before it"):
        services.question_ask(meeting=question.meeting, author=cast["member"], text="Too late?")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(question=question, actor=council.secretary, answer="Route 12, from May.")
    assert any(cast["resident"].email in m.to and "is answered" in m.subject for m in mail.outbox)
    council_meeting = MeetingFactory(edp=None, council=council, kind=Meeting.Kind.COUNCIL_MEETING)
    with pytest.raises(DomainError, match="before public hearings and office hours"):
        services.question_ask(meeting=council_meeting, author=cast["resident"], text="?")


def test_the_hearing_page_marks_a_hearing_outside_the_capital_and_lists_answers(client, council):
    hearing = MeetingFactory(
        edp=None,
        council=council,
        kind=Meeting.Kind.PUBLIC_HEARING,
        district=district("Ekibastuz city"),
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    QuestionFactory(meeting=hearing, text="Dust from the ash dumps?", answer="Measured monthly.")
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Outside the regional capital" in page and "Ekibastuz city" in page
    assert "Dust from the ash dumps?" in page and "Measured monthly." in page
    assert hearing.get_absolute_url() == reverse("councils:meeting", args=[council.slug, hearing.pk])
    calendar = client.get(reverse("councils:meeting_calendar", args=[council.slug, hearing.pk]))
    assert calendar.status_code == 200 and b"BEGIN:VEVENT" in calendar.content


def test_a_meeting_belongs_to_an_edp_or_a_council(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(edp=None, council=None)
