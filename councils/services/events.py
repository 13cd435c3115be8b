"""What the councils app tells people, through the notifications service.

Services call these inside their transaction; the event types (recipients
and wording) are declared in ``councils/notification_events.py``."""

from __future__ import annotations

from notifications.services import notification_emit

CALL_OPENED = "councils.call_opened"
DRAW_PUBLISHED = "councils.draw_published"
SEATED = "councils.seated"
AGENDA_PUBLISHED = "councils.agenda_published"
QUESTION_ANSWERED = "councils.question_answered"
OPINION_REQUESTED = "councils.opinion_requested"
OPINION_PUBLISHED = "councils.opinion_published"
ANSWERS_GIVEN = "councils.answers_given"


def call_opened(call, *, actor) -> None:
    notification_emit(event=CALL_OPENED, target=call, actor=actor)


def draw_published(draw, *, actor) -> None:
    notification_emit(event=DRAW_PUBLISHED, target=draw, actor=actor)


def seated(member, *, actor) -> None:
    notification_emit(event=SEATED, target=member, actor=actor)


def agenda_published(meeting, *, actor) -> None:
    notification_emit(event=AGENDA_PUBLISHED, target=meeting, actor=actor)


def question_answered(question, *, actor) -> None:
    notification_emit(event=QUESTION_ANSWERED, target=question, actor=actor)


def opinion_requested(opinion, *, actor) -> None:
    notification_emit(event=OPINION_REQUESTED, target=opinion, actor=actor)


def opinion_published(opinion, *, actor) -> None:
    notification_emit(event=OPINION_PUBLISHED, target=opinion, actor=actor)


def answers_given(opinion, *, actor) -> None:
    notification_emit(event=ANSWERS_GIVEN, target=opinion, actor=actor)
