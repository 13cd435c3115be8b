"""The declared lifecycles of calls for volunteers, opinions and seats
(core.lifecycle). Services move objects with ``Model.lifecycle.apply``;
pages ask ``{% can_transition obj "..." %}``."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle, Transition, register

from .choices import Position
from .models.council import CouncilMember
from .models.opinions import Opinion
from .models.selection import VolunteerCall

Call = VolunteerCall.Status


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def call_not_over(call: VolunteerCall) -> str:
    if call.closes_at <= timezone.now():
        return gettext("The closing time (%(when)s) has passed: set a later one first.") % {
            "when": _when(call.closes_at)
        }
    return ""


def call_has_closed(call: VolunteerCall) -> str:
    if call.closes_at > timezone.now():
        return gettext("The call closes on %(when)s: the pool is frozen after that, not before.") % {
            "when": _when(call.closes_at)
        }
    return ""


def call_has_public_value(call: VolunteerCall) -> str:
    if not call.beacon_value:
        return gettext("Record the public value first: the seed is made from it.")
    return ""


def call_has_quotas(call: VolunteerCall) -> str:
    if not call.quotas.exists():
        return gettext("The selection commission has not set the quotas yet.")
    return ""


VolunteerCall.lifecycle = register(
    Lifecycle(
        name="council_call",
        field="status",
        states=Call,
        transitions=(
            Transition(
                "open", frozenset({Call.DRAFT}), Call.OPEN, _("Open the call"), "councils.manage_call", (call_not_over,)
            ),
            Transition(
                "close",
                frozenset({Call.OPEN}),
                Call.CLOSED,
                _("Close the call and freeze the pool"),
                "councils.manage_call",
                (call_has_closed,),
            ),
            Transition(
                "draw",
                frozenset({Call.CLOSED}),
                Call.DRAWING,
                _("Run the draw"),
                "councils.run_draw",
                (call_has_public_value, call_has_quotas),
            ),
            # Moved by the draw task, not by a person.
            Transition("drawn", frozenset({Call.DRAWING}), Call.DRAWN, _("Publish the draw")),
            Transition("draw_failed", frozenset({Call.DRAWING}), Call.CLOSED, _("Back to closed")),
            Transition(
                "cancel",
                frozenset({Call.DRAFT, Call.OPEN, Call.CLOSED}),
                Call.CANCELLED,
                _("Cancel the call"),
                "councils.manage_call",
            ),
        ),
        groups={
            "public": frozenset({Call.OPEN, Call.CLOSED, Call.DRAWING, Call.DRAWN}),
            "pool_frozen": frozenset({Call.CLOSED, Call.DRAWING, Call.DRAWN}),
            "editable": frozenset({Call.DRAFT, Call.OPEN}),
        },
    )
)


def opinion_is_complete(opinion: Opinion) -> str:
    if not opinion.position:
        return gettext("Choose the council's position.")
    if not (opinion.text or "").strip():
        return gettext("Write the opinion's text.")
    if opinion.position == Position.SUPPORT_WITH_RECOMMENDATIONS and not opinion.recommendations.exists():
        return gettext("Support with recommendations needs at least one recommendation.")
    return ""


def opinion_all_answered(opinion: Opinion) -> str:
    left = opinion.recommendations.filter(answer="").count()
    if left:
        return ngettext(
            "%(n)s recommendation still needs an answer.", "%(n)s recommendations still need an answer.", left
        ) % {"n": left}
    return ""


Op = Opinion.Status
Opinion.lifecycle = register(
    Lifecycle(
        name="council_opinion",
        field="status",
        states=Op,
        transitions=(
            Transition("write", frozenset({Op.REQUESTED}), Op.DRAFT, _("Start writing"), "councils.write_opinion"),
            Transition(
                "publish",
                frozenset({Op.REQUESTED, Op.DRAFT}),
                Op.PUBLISHED,
                _("Publish the opinion"),
                "councils.write_opinion",
                (opinion_is_complete,),
            ),
            Transition(
                "complete",
                frozenset({Op.PUBLISHED}),
                Op.ANSWERED,
                _("All recommendations answered"),
                "councils.answer_opinion",
                (opinion_all_answered,),
            ),
        ),
        groups={
            "public": frozenset({Op.PUBLISHED, Op.ANSWERED}),
            "editable": frozenset({Op.REQUESTED, Op.DRAFT}),
        },
    )
)


M = CouncilMember.Status
CouncilMember.lifecycle = register(
    Lifecycle(
        name="council_member",
        field="status",
        states=M,
        transitions=(Transition("leave", frozenset({M.ACTIVE}), M.LEFT, _("Leave the council"), "councils.end_seat"),),
        groups={"sitting": frozenset({M.ACTIVE})},
    )
)
