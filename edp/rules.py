"""Per-EDP roles combined with the current stage (adhocracy4-style).

Every predicate takes ``(user, obj)`` where ``obj`` is an EDP or anything with
an ``edp`` attribute (an idea, a meeting, a consultation...). Roles are read
once per request and cached on the user object.
"""

import rules
from django.utils import timezone

from stakeholders.rules import is_staff, is_verified_citizen

from .workflow import Action, stage_allows


def edp_of(obj):
    return getattr(obj, "edp", None) if obj is not None else None


def roles_in(user, edp) -> set[str]:
    if edp is None or not (user and user.is_authenticated):
        return set()
    return user.edp_role_map().get(edp.pk, set())


def _role_predicate(role: str):
    @rules.predicate(name=f"is_{role}")
    def has_role(user, obj) -> bool:
        return role in roles_in(user, edp_of(obj))

    return has_role


is_coordinator = _role_predicate("coordinator")
is_facilitator = _role_predicate("facilitator")
is_evaluator = _role_predicate("evaluator")
is_moderator = _role_predicate("moderator")


def stage_permits(action: str):
    """A predicate true when the object's EDP is in a stage allowing ``action``."""

    @rules.predicate(name=f"stage_permits_{action}")
    def permits(user, obj) -> bool:
        edp = edp_of(obj)
        return edp is not None and stage_allows(edp.stage, action)

    return permits


def call_for_ideas_open(edp) -> bool:
    """The call for ideas runs in a stage allowing submissions, until its deadline."""
    if edp is None or not stage_allows(edp.stage, Action.SUBMIT_IDEAS):
        return False
    return edp.ideas_close_at is None or timezone.now() < edp.ideas_close_at


@rules.predicate
def call_is_open(user, obj) -> bool:
    return call_for_ideas_open(edp_of(obj))


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
    cache = getattr(user, "_edp_participant_cache", None)
    if cache is None:
        cache = set(
            user.meeting_registrations.exclude(status="cancelled").values_list("meeting__edp_id", flat=True).distinct()
        )
        user._edp_participant_cache = cache
    return edp.pk in cache


has_any_role = is_coordinator | is_facilitator | is_evaluator | is_moderator


# --- Meetings (obj: a Meeting) ---------------------------------------------
@rules.predicate
def is_meeting_facilitator(user, meeting) -> bool:
    return bool(user and user.is_authenticated and getattr(meeting, "facilitator_id", None) == user.pk)


@rules.predicate
def meeting_open_for_registration(user, meeting) -> bool:
    return meeting.status == "scheduled" and meeting.starts_at > timezone.now()


# --- Ideas (obj: an Idea) ---------------------------------------------------
@rules.predicate
def is_idea_author(user, idea) -> bool:
    if not (user and user.is_authenticated) or idea is None:
        return False
    if idea.submitter_id == user.pk:
        return True
    ids = getattr(idea, "_coauthor_ids", None)
    if ids is None:
        ids = {u.pk for u in idea.co_authors.all()}
        idea._coauthor_ids = ids
    return user.pk in ids


@rules.predicate
def is_idea_submitter(user, idea) -> bool:
    return bool(user and user.is_authenticated and idea is not None and idea.submitter_id == user.pk)


@rules.predicate
def idea_is_draft(user, idea) -> bool:
    return idea.status == "draft"


@rules.predicate
def idea_is_submitted(user, idea) -> bool:
    return idea.status == "submitted"


@rules.predicate
def idea_is_withdrawn(user, idea) -> bool:
    return idea.status == "withdrawn"


@rules.predicate
def idea_is_not_draft(user, idea) -> bool:
    return idea.status != "draft"


@rules.predicate
def idea_text_is_public(user, idea) -> bool:
    return idea.status == "submitted" and idea.full_text_public


rules.add_perm("edp.view_edp", rules.always_allow)
rules.add_perm("edp.add_edp", is_staff | is_akimat_staff)
rules.add_perm("edp.change_edp", is_coordinator | is_staff)
rules.add_perm("edp.manage_roles", is_coordinator | is_staff)
rules.add_perm("edp.transition_edp", is_coordinator)
rules.add_perm("edp.view_participation", is_coordinator | is_facilitator | is_staff)
# Evidence base
rules.add_perm("edp.edit_evidence", is_coordinator & stage_permits(Action.EDIT_EVIDENCE))
rules.add_perm("edp.edit_facts", is_coordinator | is_staff)
rules.add_perm(
    "edp.contribute_swot", is_verified_citizen & stage_permits(Action.CONTRIBUTE_SWOT) & (is_participant | has_any_role)
)
rules.add_perm("edp.curate_swot", is_coordinator)
# Meetings
rules.add_perm("edp.add_meeting", (is_coordinator | is_facilitator) & stage_permits(Action.HOLD_MEETINGS))
# The meeting's facilitator runs it while they hold the facilitator role:
# revoking the role must take the power with it.
runs_this_meeting = is_coordinator | (is_facilitator & is_meeting_facilitator)
rules.add_perm("edp.change_meeting", runs_this_meeting)
rules.add_perm("edp.run_meeting", runs_this_meeting)
rules.add_perm(
    "edp.register_meeting",
    is_verified_citizen & meeting_open_for_registration & stage_permits(Action.HOLD_MEETINGS),
)
# Ideas
rules.add_perm("edp.submit_idea", is_verified_citizen & call_is_open)
rules.add_perm("edp.change_idea", is_idea_author & (idea_is_draft | idea_is_submitted) & call_is_open)
rules.add_perm("edp.send_idea", is_idea_submitter & (idea_is_draft | idea_is_withdrawn) & call_is_open)
rules.add_perm("edp.withdraw_idea", is_idea_submitter & idea_is_submitted & stage_permits(Action.WITHDRAW_IDEAS))
rules.add_perm("edp.view_idea", idea_is_submitted | is_idea_author | (is_coordinator & idea_is_not_draft))
rules.add_perm(
    "edp.view_idea_full",
    is_idea_author | ((is_coordinator | is_evaluator) & idea_is_not_draft) | idea_text_is_public,
)
rules.add_perm("edp.view_idea_files", is_idea_author | ((is_coordinator | is_evaluator) & idea_is_not_draft))
rules.add_perm("edp.manage_ideas", is_coordinator)

__all__ = [
    "is_coordinator",
    "is_facilitator",
    "is_evaluator",
    "is_moderator",
    "is_staff",
    "is_verified_citizen",
    "stage_permits",
    "roles_in",
    "edp_of",
    "call_for_ideas_open",
    "is_participant",
    "is_idea_author",
]
