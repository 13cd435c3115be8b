"""Who takes part in selecting priorities.

The coordinator decides; members of the EDP's steering committee who were
given a vote record theirs (with a rationale) before the decision. Once
published, the priorities and their evidence are public."""

import rules

from edp.rules import edp_of, is_coordinator, is_staff, stage_permits
from edp.workflow import Action


def _steering_seats(user) -> dict[int, bool]:
    if not (user and user.is_authenticated):
        return {}
    cache = getattr(user, "_steering_seats_cache", None)
    if cache is None:
        cache = dict(user.steering_seats.values_list("edp_id", "has_vote"))
        user._steering_seats_cache = cache
    return cache


@rules.predicate
def is_steering_member(user, obj) -> bool:
    edp = edp_of(obj)
    return edp is not None and edp.pk in _steering_seats(user)


@rules.predicate
def has_steering_vote(user, obj) -> bool:
    edp = edp_of(obj)
    return edp is not None and _steering_seats(user).get(edp.pk, False)


@rules.predicate
def priorities_published(user, obj) -> bool:
    edp = edp_of(obj)
    selection = getattr(edp, "priority_selection", None) if edp is not None else None
    return selection is not None and selection.published_at is not None


selecting = stage_permits(Action.SELECT_PRIORITIES)

# Before publication the candidates' evidence (evaluation scores included)
# is working material of the coordinators and the steering committee only;
# once published, anyone can see why each priority was (not) chosen.
rules.add_perm("priorities.view_selection", priorities_published | is_coordinator | is_steering_member | is_staff)
rules.add_perm("priorities.manage_selection", is_coordinator & selecting)
rules.add_perm("priorities.vote", has_steering_vote & selecting & ~priorities_published)
# Individual votes and their reasons are working material of the committee.
rules.add_perm("priorities.view_votes", is_coordinator | is_steering_member | is_staff)
