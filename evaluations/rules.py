"""Who may see and do what in the evaluation of ideas.

Blindness is a permission matter, declared here once: only the coordinators
of the EDP see scores and evaluators' identities; an evaluator sees their
own work, and the others' scores only for an idea they have submitted on,
never with names; submitters see the outcome and the feedback, never who
evaluated them. Moderators, facilitators and platform staff see no scores.
"""

import rules

from edp.rules import is_coordinator, is_evaluator, stage_permits
from edp.workflow import Action


@rules.predicate
def is_assigned_evaluator(user, assignment) -> bool:
    return bool(
        assignment is not None and user.is_authenticated and assignment.evaluator_id == user.pk and assignment.is_active
    )


@rules.predicate
def is_idea_author(user, idea) -> bool:
    """The person who submitted the idea or one of its co-authors."""
    if idea is None or not user.is_authenticated:
        return False
    from .ideas import idea_author_ids

    return user.pk in idea_author_ids(idea)


@rules.predicate
def is_in_consensus_thread(user, idea) -> bool:
    if idea is None or not user.is_authenticated:
        return False
    from .models import Assignment

    return Assignment.objects.filter(idea=idea, evaluator=user, status=Assignment.Status.ACTIVE).exists()


# Criteria are public: whoever submits an idea should know how it will be judged.
rules.add_perm("evaluations.view_criteria", rules.always_allow)
rules.add_perm("evaluations.change_criteria", is_coordinator & stage_permits(Action.DEFINE_CRITERIA))
rules.add_perm("evaluations.manage_panel", is_coordinator)
rules.add_perm("evaluations.assign", is_coordinator & stage_permits(Action.SCORE_IDEAS))
rules.add_perm("evaluations.view_results", is_coordinator)
rules.add_perm("evaluations.decide", is_coordinator & stage_permits(Action.SHORTLIST_IDEAS))
rules.add_perm("evaluations.view_queue", is_evaluator)
rules.add_perm("evaluations.score", is_assigned_evaluator & is_evaluator & stage_permits(Action.SCORE_IDEAS))
rules.add_perm("evaluations.declare_conflict", is_assigned_evaluator & is_evaluator)
rules.add_perm("evaluations.view_outcome", is_idea_author)
rules.add_perm("evaluations.discuss", is_coordinator | (is_evaluator & is_in_consensus_thread))
