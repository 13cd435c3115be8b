"""Who may do what in an EDP: per-EDP roles combined with the current stage
(adhocracy4-style), each permission declared once with the reasons it gives.

Every predicate takes ``(user, obj)`` where ``obj`` is an EDP or anything with
an ``edp`` attribute (an idea, a meeting, a consultation...). A person's roles
in every EDP are read once per user object (``core.permcache``); services
that grant or revoke one call ``permcache.forget(user)``.

The gates of each permission come in the order of what the person can do
least about: the stage and the state of the object first, then who they are.
"""

from __future__ import annotations

import rules
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permcache
from core.permissions import gate, register
from stakeholders.rules import is_signed_in, is_staff, is_verified_citizen

from .workflow import STAGE_ORDER, Action, Stage, call_for_ideas, stage_allows, stage_index

_ROLES = "edp.roles"
_PARTICIPATED = "edp.participated_in"

CONFIRM_EMAIL = gettext_lazy("Confirm your email address to take part: we sent you a link when you signed up.")


def edp_of(obj):
    return getattr(obj, "edp", None) if obj is not None else None


def role_map(user) -> dict[int, set[str]]:
    """{edp_id: {role, ...}}: the person's roles in every EDP, read once per
    user object (the two-factor gate and every permission check share it)."""
    if not (user and user.is_authenticated):
        return {}

    def read() -> dict[int, set[str]]:
        roles: dict[int, set[str]] = {}
        for edp_id, role in user.edp_roles.values_list("edp_id", "role"):
            roles.setdefault(edp_id, set()).add(role)
        return roles

    return permcache.cached(user, _ROLES, read)


def roles_in(user, edp) -> set[str]:
    if edp is None:
        return set()
    return role_map(user).get(edp.pk, set())


def coordinates_a_process(user) -> bool:
    """Coordinators run a process: they must sign in with a second factor
    (``Module.second_factor``, read by the accounts' MFA gate)."""
    return any("coordinator" in roles for roles in role_map(user).values())


def _role_predicate(role: str):
    @rules.predicate(name=f"is_{role}")
    def has_role(user, obj) -> bool:
        return role in roles_in(user, edp_of(obj))

    return has_role


is_coordinator = _role_predicate("coordinator")
is_facilitator = _role_predicate("facilitator")
is_evaluator = _role_predicate("evaluator")
is_moderator = _role_predicate("moderator")
has_any_role = is_coordinator | is_facilitator | is_evaluator | is_moderator


# --- Stages -------------------------------------------------------------------
def stage_permits(action: str):
    """A predicate true when the object's EDP is in a stage allowing ``action``."""

    @rules.predicate(name=f"stage_permits_{action}")
    def permits(user, obj) -> bool:
        edp = edp_of(obj)
        return edp is not None and stage_allows(edp.stage, action)

    return permits


def stage_reason(action: str):
    """The reason :func:`stage_permits` gives, read from the workflow table:
    when ``action`` is possible and where the process is now."""

    def reason(user, obj) -> str:
        edp = edp_of(obj)
        stages = [f"“{Stage(s).label}”" for s in STAGE_ORDER if stage_allows(s, action)]
        if edp is None or not stages:
            return _("This is not possible in this process now.")
        return _("This is possible during %(stages)s; the process is now in “%(stage)s”.") % {
            "stages": ", ".join(stages),
            "stage": Stage(edp.stage).label,
        }

    return reason


def stage_gate(action: str):
    """``gate(stage_permits(action), stage_reason(action))``, for every app."""
    return gate(stage_permits(action), stage_reason(action))


# --- The call for ideas (a state derived from the stage and the deadline) ------
@rules.predicate
def call_is_open(user, obj) -> bool:
    return call_for_ideas(edp_of(obj)).is_open


def _call_closed(user, obj) -> str:
    return call_for_ideas(edp_of(obj)).reason


def call_for_ideas_open(edp) -> bool:
    return call_for_ideas(edp).is_open


# --- Who people are in an EDP -------------------------------------------------
@rules.predicate
def is_akimat_staff(user) -> bool:
    """An active member of a verified akimat: may start an EDP for it."""
    if not (user and user.is_authenticated):
        return False
    return user.memberships.filter(
        status="active", organisation__kind="akimat", organisation__verification="verified"
    ).exists()


@rules.predicate
def is_participant(user, obj) -> bool:
    """Took part in this EDP's meetings (registered, not cancelled)."""
    edp = edp_of(obj)
    if edp is None or not (user and user.is_authenticated):
        return False
    taken_part = permcache.cached(
        user,
        _PARTICIPATED,
        lambda: set(
            user.meeting_registrations.exclude(status="cancelled").values_list("meeting__edp_id", flat=True).distinct()
        ),
    )
    return edp.pk in taken_part


# --- Meetings (obj: a Meeting) ---------------------------------------------
@rules.predicate
def is_meeting_facilitator(user, meeting) -> bool:
    return bool(user and user.is_authenticated and getattr(meeting, "facilitator_id", None) == user.pk)


@rules.predicate
def meeting_is_scheduled(user, meeting) -> bool:
    return not type(meeting).lifecycle.is_in(meeting, "cancelled")


@rules.predicate
def meeting_not_started(user, meeting) -> bool:
    return meeting.starts_at > timezone.now()


# --- Ideas (obj: an Idea) ---------------------------------------------------
def _co_author(user, idea) -> bool:
    # Pages load the idea with its co-authors (selectors.idea_detail); a
    # service's freshly locked idea asks the database once.
    prefetched = getattr(idea, "_prefetched_objects_cache", {}).get("co_authors")
    if prefetched is not None:
        return any(u.pk == user.pk for u in prefetched)
    return idea.co_authors.filter(pk=user.pk).exists()


@rules.predicate
def is_idea_author(user, idea) -> bool:
    if not (user and user.is_authenticated) or idea is None:
        return False
    return idea.submitter_id == user.pk or _co_author(user, idea)


@rules.predicate
def is_idea_submitter(user, idea) -> bool:
    return bool(user and user.is_authenticated and idea is not None and idea.submitter_id == user.pk)


def _idea_in(group: str):
    @rules.predicate(name=f"idea_in_{group}")
    def in_group(user, idea) -> bool:
        return type(idea).lifecycle.is_in(idea, group)

    return in_group


idea_is_public = _idea_in("public")  # submitted
idea_is_editable = _idea_in("editable")  # a draft, or submitted
idea_is_sendable = _idea_in("sendable")  # a draft, or withdrawn
idea_was_sent = _idea_in("sent")  # anything but a draft


@rules.predicate
def idea_text_is_public(user, idea) -> bool:
    return type(idea).lifecycle.is_in(idea, "public") and idea.full_text_public


@rules.predicate
def idea_is_unlocked(user, idea) -> bool:
    from .workflow import idea_change_refusals

    return not idea_change_refusals(idea)


def _idea_locked(user, idea) -> str:
    from .workflow import idea_change_refusals

    return _("This idea can no longer be edited: %(reasons)s.") % {"reasons": "; ".join(idea_change_refusals(idea))}


def _idea_hidden(user, idea) -> str:
    if type(idea).lifecycle.is_in(idea, "draft"):
        return _("This idea is a draft: only its authors can see it.")
    return _("This idea was withdrawn by its submitter: only its authors and the coordinators can see it.")


def _withdraw_window(user, idea) -> str:
    edp = edp_of(idea)
    if edp is not None and stage_index(edp.stage) > stage_index(Stage.FORESIGHT):
        return _("Ideas can no longer be withdrawn: idea evaluation has started.")
    return stage_reason(Action.WITHDRAW_IDEAS)(user, idea)


# --- Invitations (obj: a RoleInvitation) ----------------------------------------
@rules.predicate
def invitation_not_revoked(user, invitation) -> bool:
    return invitation.revoked_at is None


@rules.predicate
def invitation_not_used(user, invitation) -> bool:
    return invitation.accepted_at is None


@rules.predicate
def invitation_not_expired(user, invitation) -> bool:
    return invitation.expires_at > timezone.now()


@rules.predicate
def is_invited_address(user, invitation) -> bool:
    from allauth.account.models import EmailAddress

    if not (user and user.is_authenticated):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


def _sent_to_someone_else(user, invitation) -> str:
    return _("This invitation was sent to %(email)s. Sign in with that address (and verify it) to accept it.") % {
        "email": invitation.email
    }


# --- The declarations -----------------------------------------------------------

register("edp.view_edp", rules.always_allow)
register(
    "edp.add_edp",
    gate(
        is_staff | is_akimat_staff,
        gettext_lazy(
            "A process is started by the staff of a verified akimat: ask your akimat's representative "
            "to add you to its members on the platform."
        ),
    ),
)
register(
    "edp.change_edp",
    gate(is_coordinator | is_staff, gettext_lazy("Only the coordinators of this process change its settings.")),
)
register(
    "edp.manage_roles",
    gate(is_coordinator | is_staff, gettext_lazy("Only the coordinators of this process manage its people and roles.")),
)
register(
    "edp.accept_invitation",
    gate(invitation_not_revoked, gettext_lazy("This invitation was withdrawn by the coordinator.")),
    gate(invitation_not_used, gettext_lazy("This invitation has already been accepted.")),
    gate(invitation_not_expired, gettext_lazy("This invitation has expired: ask the coordinator for a new one.")),
    gate(is_invited_address, _sent_to_someone_else),
)
register(
    "edp.transition_edp",
    gate(is_coordinator, gettext_lazy("Only the coordinators of this process move it from one stage to the next.")),
)
register(
    "edp.view_participation",
    gate(
        is_coordinator | is_facilitator | is_staff,
        gettext_lazy("Only the coordinators and facilitators of this process see who is under-represented."),
    ),
)
# Evidence base
register(
    "edp.edit_evidence",
    stage_gate(Action.EDIT_EVIDENCE),
    gate(is_coordinator, gettext_lazy("Only the coordinators of this process edit its regional assets.")),
)
register(
    "edp.edit_facts",
    gate(is_coordinator | is_staff, gettext_lazy("Only the coordinators of this process keep the region's facts.")),
)
register(
    "edp.contribute_swot",
    stage_gate(Action.CONTRIBUTE_SWOT),
    gate(is_verified_citizen, CONFIRM_EMAIL),
    gate(
        is_participant | has_any_role,
        gettext_lazy(
            "The SWOT board is filled by the people who take part in this process's meetings: "
            "register for a meeting to add entries."
        ),
    ),
)
register(
    "edp.curate_swot",
    gate(is_coordinator, gettext_lazy("Only the coordinators of this process curate the SWOT board.")),
)
# Meetings
register(
    "edp.add_meeting",
    stage_gate(Action.HOLD_MEETINGS),
    gate(
        is_coordinator | is_facilitator,
        gettext_lazy("Only the coordinators and facilitators of this process schedule meetings."),
    ),
)
# The meeting's facilitator runs it while they hold the facilitator role:
# revoking the role must take the power with it.
runs_this_meeting = is_coordinator | (is_facilitator & is_meeting_facilitator)
RUNS_MEETING = gettext_lazy("Only the coordinators of this process and the meeting's facilitator run it.")
register(
    "edp.change_meeting",
    gate(meeting_is_scheduled, gettext_lazy("This meeting was cancelled and can no longer be changed.")),
    gate(runs_this_meeting, RUNS_MEETING),
)
register("edp.run_meeting", gate(runs_this_meeting, RUNS_MEETING))
REGISTRATION_WINDOW = (
    gate(meeting_is_scheduled, gettext_lazy("This meeting was cancelled.")),
    gate(meeting_not_started, gettext_lazy("This meeting has already started; registration is closed.")),
    stage_gate(Action.HOLD_MEETINGS),
)
# Open for registration, whoever asks (the page invites the anonymous to sign in).
register("edp.meeting_registration_open", *REGISTRATION_WINDOW)
register("edp.register_meeting", *REGISTRATION_WINDOW, gate(is_verified_citizen, CONFIRM_EMAIL))
register(
    "edp.leave_meeting",
    gate(meeting_not_started, gettext_lazy("The meeting has already started.")),
    gate(is_signed_in, gettext_lazy("Sign in to manage your registration.")),
)
# Ideas
register("edp.submit_idea", gate(call_is_open, _call_closed), gate(is_verified_citizen, CONFIRM_EMAIL))
ONLY_AUTHORS = gettext_lazy("Only the authors of this idea can change it.")
ONLY_SUBMITTER = gettext_lazy("Only the person who submitted this idea can do this.")
register(
    "edp.change_idea",
    gate(call_is_open, _call_closed),
    gate(idea_is_editable, gettext_lazy("A withdrawn idea can no longer be edited: submit it again first.")),
    gate(is_idea_author, ONLY_AUTHORS),
    # Asked last: other modules' guards read their own tables (e.g. scores).
    gate(idea_is_unlocked, _idea_locked),
)
register(
    "edp.send_idea",
    gate(call_is_open, _call_closed),
    gate(idea_is_sendable, gettext_lazy("Only a draft or a withdrawn idea can be submitted.")),
    gate(is_idea_submitter, ONLY_SUBMITTER),
)
register(
    "edp.withdraw_idea",
    gate(stage_permits(Action.WITHDRAW_IDEAS), _withdraw_window),
    gate(idea_is_public, gettext_lazy("Only a submitted idea can be withdrawn.")),
    gate(is_idea_submitter, ONLY_SUBMITTER),
)
register("edp.view_idea", gate(idea_is_public | is_idea_author | (is_coordinator & idea_was_sent), _idea_hidden))
register(
    "edp.view_idea_full",
    gate(
        is_idea_author | ((is_coordinator | is_evaluator) & idea_was_sent) | idea_text_is_public,
        gettext_lazy("The submitter chose to publish only the title and summary."),
    ),
)
register(
    "edp.view_idea_files",
    gate(
        is_idea_author | ((is_coordinator | is_evaluator) & idea_was_sent),
        gettext_lazy("An idea's attachments are for its authors, the coordinators and the evaluators."),
    ),
)
register(
    "edp.manage_ideas",
    gate(is_coordinator, gettext_lazy("Only the coordinators of this process see every idea and export them.")),
)

__all__ = [
    "CONFIRM_EMAIL",
    "call_for_ideas",
    "call_for_ideas_open",
    "coordinates_a_process",
    "edp_of",
    "is_coordinator",
    "is_evaluator",
    "is_facilitator",
    "is_idea_author",
    "is_moderator",
    "is_participant",
    "is_staff",
    "is_verified_citizen",
    "role_map",
    "roles_in",
    "stage_gate",
    "stage_permits",
    "stage_reason",
]
