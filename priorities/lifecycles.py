"""The declared lifecycles of priority selection (``core.lifecycle``).

Each candidate's decision moves between pending, selected and not selected;
the selection as a whole is published (or the publication withdrawn). Both
happen only during the priority-selection stage and, for decisions, only
while the selection is not published: the same gates as the pages and the
services (``priorities.rules``). Another module may add guards to these
transitions through ``Module.transition_guards`` (``"candidate_priority.select"``).
"""

from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle, Transition

from .models import CandidatePriority, PrioritySelection, Publication
from .rules import SELECTING, UNPUBLISHED


def _selecting(obj) -> str | None:
    return SELECTING.refusal(None, obj)


def _unpublished(candidate) -> str | None:
    return UNPUBLISHED.refusal(None, candidate)


def _without_action_plan(candidate) -> str:
    # An action plan is written for a selected priority: taking the
    # selection back would leave the plan without its priority.
    if hasattr(candidate, "action_plan"):
        return str(_("This priority already has an action plan: it cannot be deselected."))
    return ""


def _publishable(selection) -> str:
    from .selectors import publication_problems

    problems = publication_problems(selection.edp, selection)
    if problems:
        return str(_("The priorities cannot be published: %(p)s") % {"p": " ".join(problems)})
    return ""


Decision = CandidatePriority.Decision
DECIDE = "priorities.manage_selection"

# A decision may be recorded again (a better rationale) as long as the
# selection is open; only "reopen" needs a decision to take back.
CandidatePriority.lifecycle = Lifecycle(
    name="candidate_priority",
    field="decision",
    states=Decision,
    transitions=(
        Transition(
            "select",
            frozenset(Decision.values),
            Decision.SELECTED,
            _("Select"),
            permission=DECIDE,
            guards=(_selecting, _unpublished),
        ),
        Transition(
            "reject",
            frozenset(Decision.values),
            Decision.NOT_SELECTED,
            _("Do not select"),
            permission=DECIDE,
            guards=(_selecting, _unpublished, _without_action_plan),
        ),
        Transition(
            "reopen",
            frozenset({Decision.SELECTED, Decision.NOT_SELECTED}),
            Decision.PENDING,
            _("Reopen the decision"),
            permission=DECIDE,
            guards=(_selecting, _unpublished, _without_action_plan),
        ),
    ),
    groups={"decided": frozenset({Decision.SELECTED, Decision.NOT_SELECTED})},
)

# The decision a coordinator records, as the transition that records it.
TRANSITION_FOR: dict[str, str] = {
    Decision.SELECTED: "select",
    Decision.NOT_SELECTED: "reject",
    Decision.PENDING: "reopen",
}

PrioritySelection.lifecycle = Lifecycle(
    name="priority_selection",
    field="publication",
    states=Publication,
    transitions=(
        Transition(
            "publish",
            frozenset({Publication.UNPUBLISHED}),
            Publication.PUBLISHED,
            _("Publish the priorities"),
            permission=DECIDE,
            guards=(_selecting, _publishable),
        ),
        Transition(
            "withdraw",
            frozenset({Publication.PUBLISHED}),
            Publication.UNPUBLISHED,
            _("Withdraw the publication"),
            permission=DECIDE,
            guards=(_selecting,),
        ),
    ),
    groups={"public": frozenset({Publication.PUBLISHED})},
)
