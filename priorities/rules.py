"""Who takes part in selecting priorities, and why not.

The coordinator decides; members of the EDP's steering committee who were
given a vote record theirs (with a rationale) before the decision. Once
published, the priorities and their evidence are public.

The stage and publication gates are named here because the services and
the candidates' lifecycle (``priorities.lifecycles``) raise them too: one
rule, one wording, on the page and in the service."""

from typing import Any

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import permcache
from core.errors import DomainError
from core.permissions import Gate, gate, register
from edp.rules import edp_of, is_coordinator, is_staff, stage_permits
from edp.workflow import Action


def refuse_unless(g: Gate, obj: Any, *, code: str = "stage") -> None:
    """For services: raise ``g``'s own reason when it refuses ``obj`` (the
    stage and publication gates do not depend on who acts)."""
    reason = g.refusal(None, obj)
    if reason:
        raise DomainError(reason, code=code)


def steering_seats(user) -> dict[int, bool]:
    """{edp_id: has a vote} of the person's steering committee seats, read once per request."""
    if not (user and user.is_authenticated):
        return {}
    return permcache.cached(
        user, "priorities.steering_seats", lambda: dict(user.steering_seats.values_list("edp_id", "has_vote"))
    )


@rules.predicate
def is_steering_member(user, obj) -> bool:
    edp = edp_of(obj)
    return edp is not None and edp.pk in steering_seats(user)


@rules.predicate
def has_steering_vote(user, obj) -> bool:
    edp = edp_of(obj)
    return edp is not None and steering_seats(user).get(edp.pk, False)


def _selection(obj):
    """The EDP's PrioritySelection (``obj`` may be one: services pass the row they locked)."""
    if hasattr(obj, "published_at"):
        return obj
    edp = edp_of(obj)
    return getattr(edp, "priority_selection", None) if edp is not None else None


@rules.predicate
def priorities_published(user, obj) -> bool:
    selection = _selection(obj)
    return selection is not None and selection.published_at is not None


def _published_on(obj) -> str:
    return timezone.localtime(_selection(obj).published_at).date().isoformat()


# --- Gates the services and the lifecycles raise too --------------------------
SELECTING = gate(
    stage_permits(Action.SELECT_PRIORITIES),
    lambda user, obj: (
        _("Priorities are selected during the priority-selection stage; this process is in “%(stage)s”.")
        % {"stage": edp_of(obj).get_stage_display()}
    ),
)
UNPUBLISHED = gate(
    ~priorities_published,
    lambda user, obj: (
        _("The priorities were published on %(date)s: withdraw the publication before changing them.")
        % {"date": _published_on(obj)}
    ),
)
VOTES_OPEN = gate(
    ~priorities_published,
    lambda user, obj: (
        _("The priorities were published on %(date)s: the vote is closed.") % {"date": _published_on(obj)}
    ),
)

# Before publication the candidates' evidence (evaluation scores included)
# is working material of the coordinators and the steering committee only;
# once published, anyone can see why each priority was (not) chosen.
register(
    "priorities.view_selection",
    gate(
        priorities_published | is_coordinator | is_steering_member | is_staff,
        _(
            "The priorities of this process are not published yet: until then only its coordinators and "
            "steering committee see the selection."
        ),
    ),
)
register(
    "priorities.manage_selection",
    SELECTING,
    gate(is_coordinator, _("Only the coordinators of this process run the selection of priorities.")),
)
# The selection's settings and candidates change until publication.
register(
    "priorities.change_selection",
    SELECTING,
    UNPUBLISHED,
    gate(is_coordinator, _("Only the coordinators of this process run the selection of priorities.")),
)
register(
    "priorities.vote",
    SELECTING,
    VOTES_OPEN,
    gate(has_steering_vote, _("Only steering committee members with a vote can vote.")),
)
# Individual votes and their reasons are working material of the committee.
register(
    "priorities.view_votes",
    gate(
        is_coordinator | is_steering_member | is_staff,
        _("Only the coordinators and the steering committee see the individual votes."),
    ),
)
