"""The statuses of the EDP app's things and the moves between them
(core.lifecycle). Pages ask these tables (``{% can_transition idea "withdraw" %}``,
``idea|in_state:"public"``), services move objects with ``lifecycle.apply``;
nobody compares status strings.

Imported by ``edp.models`` once the model classes exist.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle, Transition, register

from .models.evidence import SWOTEntry
from .models.ideas import Idea
from .models.meetings import Meeting, MeetingRegistration

# --- Ideas ----------------------------------------------------------------------
IdeaStatus = Idea.Status


def idea_is_complete(idea) -> str:
    """An idea is sent with what evaluators need to read (the form lets a
    draft be saved half-written)."""
    missing = [
        label
        for name, label in (("summary", gettext("summary")), ("activity", gettext("proposed activity")))
        if not (getattr(idea, name) or "").strip()
    ]
    if missing:
        return gettext("Complete the %(fields)s before submitting.") % {"fields": ", ".join(missing)}
    return ""


def nothing_rests_on_idea(idea) -> str:
    """Other modules' work on the idea as it stands (e.g. submitted scores,
    after foresight was reopened) must not vanish under them."""
    from .workflow import idea_change_refusals

    refusals = idea_change_refusals(idea)
    if refusals:
        return gettext("This idea can no longer be withdrawn: %(reasons)s.") % {"reasons": "; ".join(refusals)}
    return ""


SEND_ONLY = _("Only a draft or a withdrawn idea can be submitted.")

Idea.lifecycle = register(
    Lifecycle(
        name="idea",
        field="status",
        states=IdeaStatus,
        transitions=(
            Transition(
                "submit",
                frozenset({IdeaStatus.DRAFT}),
                IdeaStatus.SUBMITTED,
                _("Submit the idea"),
                permission="edp.send_idea",
                guards=(idea_is_complete,),
                wrong_state=SEND_ONLY,
            ),
            # While the call is open nobody has evaluated a withdrawn idea
            # yet, so changing one's mind back costs no one any work.
            Transition(
                "resubmit",
                frozenset({IdeaStatus.WITHDRAWN}),
                IdeaStatus.SUBMITTED,
                _("Submit the idea again"),
                permission="edp.send_idea",
                guards=(idea_is_complete,),
                wrong_state=SEND_ONLY,
            ),
            Transition(
                "withdraw",
                frozenset({IdeaStatus.SUBMITTED}),
                IdeaStatus.WITHDRAWN,
                _("Withdraw"),
                permission="edp.withdraw_idea",
                guards=(nothing_rests_on_idea,),
                wrong_state=_("Only a submitted idea can be withdrawn."),
            ),
        ),
        groups={
            # What the public sees, what its authors may still edit, what may
            # be sent (again), and what the coordinators get to see.
            "public": frozenset({IdeaStatus.SUBMITTED}),
            "editable": frozenset({IdeaStatus.DRAFT, IdeaStatus.SUBMITTED}),
            "sendable": frozenset({IdeaStatus.DRAFT, IdeaStatus.WITHDRAWN}),
            "sent": frozenset({IdeaStatus.SUBMITTED, IdeaStatus.WITHDRAWN}),
        },
    )
)


def idea_send_transition(idea) -> str:
    """The transition that sends ``idea``: its first submission or a new one."""
    return "resubmit" if Idea.lifecycle.is_in(idea, IdeaStatus.WITHDRAWN) else "submit"


# --- Meetings and registrations ------------------------------------------------
Meeting.lifecycle = register(
    Lifecycle(
        name="meeting",
        field="status",
        states=Meeting.Status,
        transitions=(
            Transition(
                "cancel",
                frozenset({Meeting.Status.SCHEDULED}),
                Meeting.Status.CANCELLED,
                _("Cancel the meeting"),
                permission="edp.change_meeting",
                wrong_state=_("This meeting is already cancelled."),
            ),
        ),
    )
)

Seat = MeetingRegistration.Status
MeetingRegistration.lifecycle = register(
    Lifecycle(
        name="meeting_registration",
        field="status",
        states=Seat,
        transitions=(
            # A freed seat goes to the first person waiting.
            Transition("promote", frozenset({Seat.WAITLISTED}), Seat.CONFIRMED, _("Give the seat")),
            Transition("cancel", frozenset({Seat.CONFIRMED, Seat.WAITLISTED}), Seat.CANCELLED, _("Cancel")),
            # Someone who cancelled may register again: a seat if one is free,
            # else the end of the waitlist.
            Transition("take_seat_again", frozenset({Seat.CANCELLED}), Seat.CONFIRMED, _("Register")),
            Transition("wait_again", frozenset({Seat.CANCELLED}), Seat.WAITLISTED, _("Join the waitlist")),
        ),
        groups={
            "active": frozenset({Seat.CONFIRMED, Seat.WAITLISTED}),
            "seated": frozenset({Seat.CONFIRMED}),
        },
    )
)


# --- The SWOT board --------------------------------------------------------------
Entry = SWOTEntry.Status
SWOTEntry.lifecycle = register(
    Lifecycle(
        name="swot_entry",
        field="status",
        states=Entry,
        transitions=(
            # The coordinator curates in any direction: a dismissed entry may
            # turn out right after all, an accepted one may need a second look.
            Transition(
                "accept",
                frozenset({Entry.PROPOSED, Entry.DISMISSED}),
                Entry.ACCEPTED,
                _("Accept"),
                permission="edp.curate_swot",
            ),
            Transition(
                "dismiss",
                frozenset({Entry.PROPOSED, Entry.ACCEPTED}),
                Entry.DISMISSED,
                _("Dismiss"),
                permission="edp.curate_swot",
            ),
            Transition(
                "review_again",
                frozenset({Entry.ACCEPTED, Entry.DISMISSED}),
                Entry.PROPOSED,
                _("Back to review"),
                permission="edp.curate_swot",
            ),
        ),
        groups={"on_board": frozenset({Entry.ACCEPTED})},
    )
)
