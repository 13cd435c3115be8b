"""Per-EDP roles combined with the current stage (adhocracy4-style).

Every predicate takes ``(user, obj)`` where ``obj`` is an EDP or anything with
an ``edp`` attribute (an idea, a meeting, a consultation...). Roles are read
once per request and cached on the user object.
"""

import rules

from stakeholders.rules import is_staff, is_verified_citizen

from .workflow import stage_allows


def edp_of(obj):
    return getattr(obj, "edp", None) if obj is not None else None


def roles_in(user, edp) -> set[str]:
    if edp is None or not (user and user.is_authenticated):
        return set()
    cache = getattr(user, "_edp_roles_cache", None)
    if cache is None:
        cache = {}
        for edp_id, role in user.edp_roles.values_list("edp_id", "role"):
            cache.setdefault(edp_id, set()).add(role)
        user._edp_roles_cache = cache
    return cache.get(edp.pk, set())


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


rules.add_perm("edp.view_edp", rules.always_allow)
rules.add_perm("edp.change_edp", is_coordinator | is_staff)
rules.add_perm("edp.manage_roles", is_coordinator | is_staff)
rules.add_perm("edp.transition_edp", is_coordinator)

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
]
