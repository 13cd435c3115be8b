"""A council's meetings, public hearings and office hours, on the EDP
meeting machinery (edp.services.meetings: registration with a waitlist,
attendance, minutes and decisions), plus citizens' questions before a
hearing and their answers afterwards."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError
from core.permissions import require
from edp.models import Meeting
from edp.services import meetings as edp_meetings

from ..models import Council, HearingQuestion
from . import events

KINDS = (Meeting.Kind.COUNCIL_MEETING, Meeting.Kind.PUBLIC_HEARING, Meeting.Kind.OFFICE_HOURS)
MAX_QUESTION = 2000


@transaction.atomic
def council_meeting_save(
    *, council: Council, actor, meeting: Meeting | None = None, agenda: str | None = None, **values
) -> Meeting:
    """Schedule or change a meeting of the council. Members and followers
    are told when an agenda is published or changes before the meeting."""
    require(actor, "councils.manage_meetings", council)
    kind = values.get("kind", getattr(meeting, "kind", None))
    if kind not in KINDS:
        raise DomainError(gettext("Choose a council meeting, a public hearing or office hours."), field="kind")
    district = values.get("district")
    if district is not None and district.region_id != council.region_id:
        raise DomainError(gettext("Choose a district of the council's region."), field="district")
    before = list(meeting.agenda_items.values_list("title", flat=True)) if meeting is not None else []
    saved = edp_meetings.meeting_save(council=council, actor=actor, meeting=meeting, agenda=agenda, **values)
    after = list(saved.agenda_items.values_list("title", flat=True))
    if after and after != before and saved.starts_at > timezone.now():
        events.agenda_published(saved, actor=actor)
    return saved


def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> Meeting:
    require(actor, "councils.run_meeting", meeting)
    return edp_meetings.meeting_cancel(meeting=meeting, actor=actor, reason=reason)


def attendance_mark(*, meeting: Meeting, actor, present_ids: set[int]) -> int:
    require(actor, "councils.run_meeting", meeting)
    return edp_meetings.attendance_mark(meeting=meeting, actor=actor, present_ids=present_ids)


def minutes_publish(*, meeting: Meeting, actor, minutes: str, decisions: str) -> Meeting:
    require(actor, "councils.run_meeting", meeting)
    return edp_meetings.minutes_publish(meeting=meeting, actor=actor, minutes=minutes, decisions=decisions)


def meeting_register(*, meeting: Meeting, user, organisation=None):
    return edp_meetings.meeting_register(
        meeting=meeting, user=user, organisation=organisation, permission="councils.register_meeting"
    )


@transaction.atomic
def question_ask(*, meeting: Meeting, author, text: str) -> HearingQuestion:
    require(author, "councils.ask_question", meeting)
    text = (text or "").strip()
    if not text:
        raise DomainError(gettext("Write your question."), field="text")
    if len(text) > MAX_QUESTION:
        raise DomainError(gettext("Keep the question under %(n)s characters.") % {"n": MAX_QUESTION}, field="text")
    return HearingQuestion.objects.create(meeting=meeting, author=author, text=text)


@transaction.atomic
def question_answer(*, question: HearingQuestion, actor, answer: str) -> HearingQuestion:
    require(actor, "councils.answer_question", question)
    question = HearingQuestion.objects.select_for_update().get(pk=question.pk)
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(gettext("Write the answer."), field="answer")
    first = not question.answer
    question.answer = answer[:4000]
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    if first:
        events.question_answered(question, actor=actor)
    return question
