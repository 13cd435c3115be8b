"""What the EDP app tells people, through the notifications service.

Services call these inside their transaction; the event types (recipients and
wording) are declared in ``edp/notification_events.py``.
"""

from __future__ import annotations

from notifications.services import notification_emit

from ..workflow import CALL_STAGES

STAGE_OPENED = "edp.stage_opened"
STAGE_CLOSING_SOON = "edp.stage_closing_soon"  # a reminder (edp/notification_events.py)
CALL_FOR_IDEAS_OPENED = "edp.call_for_ideas_opened"
IDEA_SUBMITTED = "edp.idea_submitted"
MEETING_CHANGED = "edp.meeting_changed"
MEETING_CANCELLED = "edp.meeting_cancelled"
MEETING_TOMORROW = "edp.meeting_tomorrow"
WAITLIST_PROMOTED = "edp.waitlist_promoted"
ROLE_INVITATION = "edp.role_invitation"


def stage_changed(edp, *, actor, from_stage: str, to_stage: str, reopening: bool) -> None:
    notification_emit(
        event=STAGE_OPENED, target=edp, actor=actor, from_stage=from_stage, to_stage=to_stage, reopening=reopening
    )
    if CALL_STAGES and to_stage == CALL_STAGES[0] and not reopening:  # the call for ideas opens
        notification_emit(event=CALL_FOR_IDEAS_OPENED, target=edp, actor=actor)


def idea_submitted(idea, *, actor) -> None:
    notification_emit(event=IDEA_SUBMITTED, target=idea, actor=actor)


def meeting_changed(meeting, *, actor, changes: list[str]) -> None:
    notification_emit(event=MEETING_CHANGED, target=meeting, actor=actor, changes=changes)


def meeting_cancelled(meeting, *, actor) -> None:
    notification_emit(event=MEETING_CANCELLED, target=meeting, actor=actor)


def waitlist_promoted(registration) -> None:
    notification_emit(event=WAITLIST_PROMOTED, target=registration, actor=None)


def role_invited(invitation) -> None:
    """In-app and email notice for people who already have an account with the
    invited address (others get the invitation email directly)."""
    notification_emit(event=ROLE_INVITATION, target=invitation, actor=invitation.invited_by)
