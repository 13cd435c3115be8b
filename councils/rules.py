"""Who may do what with a public council, and why not (core.permissions).

Roles: the council's **secretary** runs its business (members, calls,
meetings, opinions); its **members** declare interests and read drafts; the
**coordinators** of the region's process set the council up, ask it for
opinions and answer its recommendations; the **selection commission** of a
call sets its quotas; **residents** of the region volunteer; anyone may read
what is published. Platform staff may set councils up; nothing else here
lets them act inside one (the report's worry is councils that are not
independent of the administration).

Gates put what nobody can change (the state of a call, the time of a
hearing) before who the person is.
"""

from __future__ import annotations

import rules
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import permcache
from core.permissions import gate, register
from edp.rules import roles_in
from stakeholders.rules import coordinated_region_ids, is_staff, is_verified_citizen

from .composition import refusal as composition_refusal


# --- what an object belongs to -------------------------------------------------
def council_of(obj):
    """The council of a council, call, meeting, opinion, seat, question or draw."""
    from edp.models import Meeting

    from .models import Council, CouncilMember, Draw, HearingQuestion, Opinion, Recommendation, VolunteerCall

    if obj is None or isinstance(obj, Council):
        return obj
    if isinstance(obj, VolunteerCall | Opinion | CouncilMember | Meeting):
        return obj.council
    if isinstance(obj, HearingQuestion):
        return obj.meeting.council
    if isinstance(obj, Draw):
        return obj.call.council
    if isinstance(obj, Recommendation):
        return obj.opinion.council
    return None


def call_of(obj):
    from .models import Draw, VolunteerCall

    if isinstance(obj, VolunteerCall):
        return obj
    if isinstance(obj, Draw):
        return obj.call
    return None


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


# --- facts about a person, read once per request (core.permcache) --------------
def seat_council_ids(user) -> frozenset[int]:
    """Councils where the person sits now."""
    if not _signed_in(user):
        return frozenset()
    from .models import CouncilMember

    return permcache.cached(
        user,
        "councils.seats",
        lambda: frozenset(
            CouncilMember.objects.filter(user=user, status=CouncilMember.Status.ACTIVE).values_list(
                "council_id", flat=True
            )
        ),
    )


def resident_region_ids(user) -> frozenset[int]:
    """Regions the person lives in or represents an organisation of."""
    if not _signed_in(user):
        return frozenset()

    def compute():
        regions = set(
            user.memberships.filter(status="active", role="representative").values_list(
                "organisation__region_id", flat=True
            )
        )
        if user.region_id:
            regions.add(user.region_id)
        return frozenset(regions)

    return permcache.cached(user, "councils.resident_regions", compute)


# --- predicates ----------------------------------------------------------------
@rules.predicate
def is_secretary(user, obj) -> bool:
    council = council_of(obj)
    return _signed_in(user) and council is not None and council.secretary_id == user.pk


@rules.predicate
def is_member(user, obj) -> bool:
    council = council_of(obj)
    return council is not None and council.pk in seat_council_ids(user)


@rules.predicate
def is_region_coordinator(user, obj) -> bool:
    council = council_of(obj)
    return council is not None and council.region_id in coordinated_region_ids(user)


@rules.predicate
def coordinates_a_region(user) -> bool:
    return bool(coordinated_region_ids(user))


@rules.predicate
def is_resident(user, obj) -> bool:
    council = council_of(obj)
    return council is not None and council.region_id in resident_region_ids(user)


@rules.predicate
def is_signed_in(user) -> bool:
    return _signed_in(user)


@rules.predicate
def is_seat_holder(user, member) -> bool:
    return _signed_in(user) and member is not None and member.user_id == user.pk


@rules.predicate
def is_not_sitting(user, obj) -> bool:
    return not is_member(user, obj)


# Calls ---------------------------------------------------------------------------
def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


@rules.predicate
def call_is_public(user, call) -> bool:
    return call.lifecycle.is_in(call, "public")


@rules.predicate
def call_is_open(user, call) -> bool:
    now = timezone.now()
    return call.status == call.Status.OPEN and call.opens_at <= now < call.closes_at


def _call_not_open(user, call) -> str:
    now = timezone.now()
    if call.status == call.Status.OPEN and now < call.opens_at:
        return gettext("The call opens later (%(when)s).") % {"when": _when(call.opens_at)}
    if call.lifecycle.is_in(call, "pool_frozen") or (call.status == call.Status.OPEN and now >= call.closes_at):
        return gettext("The call for volunteers closed (%(when)s).") % {"when": _when(call.closes_at)}
    return gettext("This call is not open for volunteers.")


def _not_resident(user, obj) -> str:
    council = council_of(obj)
    return gettext(
        "Only residents of %(region)s and representatives of its organisations may volunteer. "
        "Set your region of residence in your profile if you live there."
    ) % {"region": council.region.name}


@rules.predicate
def is_commission_member(user, call) -> bool:
    return _signed_in(user) and call is not None and any(seat.user_id == user.pk for seat in _commission(call))


def _commission(call) -> list:
    # Pages load the call with its commission prefetched (selectors.call_detail).
    return list(call.commission.all())


def commission_refusal(call) -> str | None:
    """Why the call's selection commission cannot act yet (complete and one
    third government at most, two thirds civil society at least)."""
    seats = _commission(call)
    if len(seats) < call.commission_size:
        return ngettext(
            "The selection commission has %(n)s of its %(size)s member: it acts once complete.",
            "The selection commission has %(n)s of its %(size)s members: it acts once complete.",
            call.commission_size,
        ) % {"n": len(seats), "size": call.commission_size}
    reason = composition_refusal(call.council.rule, call.commission_size, [s.helix for s in seats])
    if reason:
        return gettext("The selection commission is not composed as the rule requires: %(reason)s") % {"reason": reason}
    return None


@rules.predicate
def commission_can_act(user, call) -> bool:
    return commission_refusal(call) is None


@rules.predicate
def quotas_open(user, call) -> bool:
    return not call.quotas_locked and call.status in (call.Status.DRAFT, call.Status.OPEN, call.Status.CLOSED)


def _quotas_closed(user, call) -> str:
    if call.quotas_locked:
        return gettext("The quotas were fixed when the public value was recorded on %(when)s.") % {
            "when": _when(call.beacon_recorded_at)
        }
    return gettext("Quotas can no longer be changed for this call.")


@rules.predicate
def pool_frozen_awaiting_value(user, call) -> bool:
    return call.status == call.Status.CLOSED and not call.beacon_value


def _not_awaiting_value(user, call) -> str:
    if call.beacon_value:
        return gettext("The public value was recorded on %(when)s; it cannot change.") % {
            "when": _when(call.beacon_recorded_at)
        }
    return gettext("The public value is recorded after the call has closed and its pool is frozen.")


@rules.predicate
def commission_editable(user, call) -> bool:
    return call.status in (call.Status.DRAFT, call.Status.OPEN, call.Status.CLOSED) and not call.quotas_locked


@rules.predicate
def has_draw(user, obj) -> bool:
    call = call_of(obj)
    return call is not None and call.status == call.Status.DRAWN


# Meetings ------------------------------------------------------------------------
QUESTION_KINDS = frozenset({"public_hearing", "office_hours"})


@rules.predicate
def meeting_open_for_registration(user, meeting) -> bool:
    return meeting.status == "scheduled" and meeting.starts_at > timezone.now()


def _registration_closed(user, meeting) -> str:
    if meeting.status != "scheduled":
        return gettext("This meeting was cancelled.")
    return gettext("This meeting has already started; registration is closed.")


@rules.predicate
def takes_questions(user, meeting) -> bool:
    return meeting.kind in QUESTION_KINDS and meeting.status == "scheduled"


@rules.predicate
def before_start(user, meeting) -> bool:
    return meeting.starts_at > timezone.now()


@rules.predicate
def has_started(user, obj) -> bool:
    meeting = getattr(obj, "meeting", obj)
    return meeting.starts_at <= timezone.now()


# Opinions ------------------------------------------------------------------------
@rules.predicate
def opinion_is_public(user, opinion) -> bool:
    return opinion.lifecycle.is_in(opinion, "public")


@rules.predicate
def opinion_awaits_answers(user, opinion) -> bool:
    return opinion.status == opinion.Status.PUBLISHED


@rules.predicate
def is_subject_coordinator(user, opinion) -> bool:
    """A coordinator of the process the opinion's subject belongs to."""
    from . import subjects

    edp = subjects.edp_of(opinion)
    return edp is not None and "coordinator" in roles_in(user, edp)


# --- permissions ---------------------------------------------------------------
SECRETARY_ONLY = _("Only the council's secretary does this.")

register("councils.view_council", rules.always_allow)
register(
    "councils.add_council",
    gate(
        is_staff | coordinates_a_region,
        _("Only platform staff and the coordinators of a region's process set up public councils."),
    ),
)
register(
    "councils.change_council",
    gate(
        is_region_coordinator | is_staff,
        _("Only the coordinators of this region's process and platform staff change a council's settings."),
    ),
)
register(
    "councils.view_internal",
    gate(
        is_secretary | is_member | is_region_coordinator,
        _("Only the council's members, its secretary and the region's coordinators see what is not published yet."),
    ),
)
register("councils.follow", gate(is_signed_in, _("Sign in to follow the council.")))
# Members --------------------------------------------------------------------------
register(
    "councils.manage_members",
    gate(is_secretary, _("Only the council's secretary records appointments and departures.")),
)
register(
    "councils.end_seat",
    gate(is_seat_holder | is_secretary, _("Only the member or the council's secretary ends a seat.")),
)
register("councils.declare_conflict", gate(is_member, _("Only members of the council declare interests.")))
# Selection by lot ----------------------------------------------------------------
register(
    "councils.view_call",
    gate(call_is_public | is_secretary | is_region_coordinator, _("This call for volunteers is not open yet.")),
)
register("councils.manage_call", gate(is_secretary, SECRETARY_ONLY))
register(
    "councils.volunteer",
    gate(call_is_open, _call_not_open),
    gate(
        is_verified_citizen,
        _("Confirm your email address to take part: we sent you a link when you signed up."),
    ),
    gate(is_resident, _not_resident),
    gate(is_not_sitting, _("You already sit on this council.")),
    gate(~is_commission_member, _("Members of this call's selection commission do not volunteer in it.")),
)
register(
    "councils.manage_commission",
    gate(commission_editable, _("The selection commission cannot change once the quotas are fixed.")),
    gate(is_secretary, SECRETARY_ONLY),
)
register(
    "councils.set_quotas",
    gate(quotas_open, _quotas_closed),
    gate(commission_can_act, lambda user, call: commission_refusal(call)),
    gate(is_commission_member, _("Only members of the selection commission set the quotas.")),
)
register(
    "councils.record_public_value",
    gate(pool_frozen_awaiting_value, _not_awaiting_value),
    gate(is_secretary, SECRETARY_ONLY),
)
register("councils.run_draw", gate(is_secretary, SECRETARY_ONLY))
register(
    "councils.fill_vacancy",
    gate(has_draw, _("Seats are filled from the alternates of a published draw.")),
    gate(is_secretary, SECRETARY_ONLY),
)
# Meetings and hearings ------------------------------------------------------------
register("councils.manage_meetings", gate(is_secretary, _("Only the council's secretary schedules its meetings.")))
register("councils.run_meeting", gate(is_secretary, _("Only the council's secretary runs its meetings.")))
register(
    "councils.register_meeting",
    gate(meeting_open_for_registration, _registration_closed),
    gate(
        is_verified_citizen,
        _("Confirm your email address to take part: we sent you a link when you signed up."),
    ),
)
register(
    "councils.ask_question",
    gate(takes_questions, _("Questions are taken before public hearings and office hours.")),
    gate(before_start, _("The hearing has started: questions are taken before it.")),
    gate(
        is_verified_citizen,
        _("Confirm your email address to take part: we sent you a link when you signed up."),
    ),
)
register(
    "councils.answer_question",
    gate(has_started, _("Questions are answered once the hearing has taken place.")),
    gate(is_secretary, _("Only the council's secretary records the answers.")),
)
# Opinions ------------------------------------------------------------------------
register(
    "councils.request_opinion",
    gate(is_region_coordinator, _("Only the coordinators of this region's process ask the council for an opinion.")),
)
register("councils.write_opinion", gate(is_secretary, _("Only the council's secretary writes its opinions.")))
register(
    "councils.view_opinion",
    gate(
        opinion_is_public | is_secretary | is_member | is_region_coordinator,
        _("This opinion is not published yet."),
    ),
)
register(
    "councils.answer_opinion",
    gate(opinion_awaits_answers, _("Only a published opinion's recommendations are answered.")),
    gate(
        is_subject_coordinator,
        _("Only the coordinators of the process the opinion is about answer its recommendations."),
    ),
)
