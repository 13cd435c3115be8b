"""Selecting the region's smart-specialisation priorities.

Decisions carry a rationale; publication checks the configured bounds on
the number of priorities and refuses, saying why, outside them."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permcache, permissions
from core.errors import DomainError
from edp.models import EDP, RegionFact
from evaluations.models import CandidateSpecialisation

from .lifecycles import TRANSITION_FOR
from .models import CandidatePriority, PrioritySelection, SelectionVote, SteeringCommitteeMember
from .rules import UNPUBLISHED, refuse_unless


def selection_for(edp: EDP) -> PrioritySelection:
    selection, _created = PrioritySelection.objects.get_or_create(edp=edp)
    return selection


def _locked_selection(edp: EDP) -> PrioritySelection:
    selection_for(edp)
    return PrioritySelection.objects.select_for_update().get(edp=edp)


def selection_require_unpublished(selection: PrioritySelection) -> None:
    refuse_unless(UNPUBLISHED, selection, code="published")


@transaction.atomic
def selection_settings_update(
    *, edp: EDP, min_priorities: int, max_priorities: int, introduction: str, actor
) -> PrioritySelection:
    selection = _locked_selection(edp)
    selection_require_unpublished(selection)
    if min_priorities < 1:
        raise DomainError(_("At least one priority must be selected."), field="min_priorities")
    if max_priorities < min_priorities:
        raise DomainError(_("The maximum cannot be below the minimum."), field="max_priorities")
    selection.min_priorities, selection.max_priorities = min_priorities, max_priorities
    selection.introduction = introduction
    selection.save()
    return selection


def _own_region_facts(edp: EDP, facts: Iterable[RegionFact]) -> list[RegionFact]:
    """The facts, if all are facts of the EDP's region: a statistic of
    another region says nothing about why this region should specialise."""
    facts = list(facts)
    if any(fact.region_id != edp.region_id for fact in facts):
        raise DomainError(
            _("Only facts about %(region)s can support its priorities.") % {"region": edp.region.name},
            field="supporting_facts",
        )
    return facts


@transaction.atomic
def candidate_priority_create(
    *, edp: EDP, title: str, summary: str, actor, order: int = 0, supporting_facts: Iterable[RegionFact] = ()
) -> CandidatePriority:
    selection_require_unpublished(_locked_selection(edp))
    facts = _own_region_facts(edp, supporting_facts)
    candidate = CandidatePriority(edp=edp, title=title.strip(), summary=summary, order=order)
    candidate.full_clean()
    candidate.save()
    candidate.supporting_facts.set(facts)
    return candidate


@transaction.atomic
def candidate_priority_update(
    *,
    candidate: CandidatePriority,
    title: str,
    summary: str,
    order: int,
    supporting_facts: Iterable[RegionFact],
    actor,
) -> CandidatePriority:
    """Changes a candidate's text and the region facts that support it,
    until publication (the public page must show what was decided on).
    Refuses facts of another region."""
    selection_require_unpublished(_locked_selection(candidate.edp))
    facts = _own_region_facts(candidate.edp, supporting_facts)
    candidate = CandidatePriority.objects.select_for_update().select_related("edp__region").get(pk=candidate.pk)
    candidate.title, candidate.summary, candidate.order = title.strip(), summary, order
    candidate.full_clean()
    candidate.save()
    candidate.supporting_facts.set(facts)
    return candidate


@dataclass(frozen=True)
class BroughtIn:
    created: int  # new candidates
    linked: int  # hand-made candidates of the same title, now linked
    already: int  # specialisations that were already candidates


@transaction.atomic
def candidate_priorities_from_specialisations(*, edp: EDP, actor) -> BroughtIn:
    """Makes every candidate specialisation of the EDP's evaluation a
    candidate priority, linked to it so that its ideas, scores and
    consultation stances become the candidate's evidence.

    Idempotent: a specialisation that already has its candidate is left
    alone, and a candidate added by hand under the same title is linked
    rather than duplicated. Hand-made candidates stay. Locks the selection,
    so two coordinators clicking at once bring each specialisation in once;
    refused once the priorities are published."""
    selection_require_unpublished(_locked_selection(edp))
    specialisations = list(
        CandidateSpecialisation.objects.filter(edp=edp).select_related("candidate_priority").order_by("position", "id")
    )
    unlinked = {
        c.title.strip().casefold(): c
        for c in CandidatePriority.objects.select_for_update().filter(edp=edp, specialisation__isnull=True)
    }
    next_order = (CandidatePriority.objects.filter(edp=edp).aggregate(m=Max("order"))["m"] or 0) + 1
    created = linked = already = 0
    for specialisation in specialisations:
        if getattr(specialisation, "candidate_priority", None) is not None:
            already += 1
            continue
        same_title = unlinked.pop(specialisation.title.strip().casefold(), None)
        if same_title is not None:
            same_title.specialisation = specialisation
            same_title.save(update_fields=["specialisation"])
            linked += 1
            continue
        candidate = CandidatePriority(
            edp=edp,
            specialisation=specialisation,
            title=specialisation.title[:200],
            summary=specialisation.description,
            order=next_order,
        )
        candidate.full_clean()
        candidate.save()
        next_order += 1
        created += 1
    return BroughtIn(created=created, linked=linked, already=already)


@transaction.atomic
def candidate_decide(*, candidate: CandidatePriority, decision: str, rationale: str, actor) -> CandidatePriority:
    """Records the decision on one candidate through its lifecycle (the
    stage, the publication and an existing action plan may refuse it, with
    their reason); a rationale is required because the public page shows
    why each candidate was (not) chosen."""
    if decision not in CandidatePriority.Decision.values:
        raise DomainError(_("Unknown decision."), field="decision")
    decided = decision != CandidatePriority.Decision.PENDING
    if decided and not rationale.strip():
        raise DomainError(_("Explain the decision: the rationale is published with it."), field="rationale")
    _locked_selection(candidate.edp)
    candidate = CandidatePriority.objects.select_for_update().get(pk=candidate.pk)
    CandidatePriority.lifecycle.apply(candidate, TRANSITION_FOR[decision], actor=actor, save=False)
    candidate.rationale = rationale.strip() if decided else ""
    candidate.decided_by = actor if decided else None
    candidate.decided_at = timezone.now() if decided else None
    candidate.save()
    return candidate


@transaction.atomic
def selection_vote_cast(*, candidate: CandidatePriority, voter, choice: str, rationale: str) -> SelectionVote:
    """One vote per steering-committee member and candidate, changeable
    until publication (``priorities.vote`` says who and when)."""
    _locked_selection(candidate.edp)
    candidate = CandidatePriority.objects.select_related("edp").get(pk=candidate.pk)
    permissions.require(voter, "priorities.vote", candidate)
    if choice not in SelectionVote.Choice.values:
        raise DomainError(_("Unknown vote."), field="choice")
    if not rationale.strip():
        raise DomainError(_("Give a reason for your vote."), field="rationale")
    vote, _created = SelectionVote.objects.update_or_create(
        candidate=candidate, voter=voter, defaults={"choice": choice, "rationale": rationale.strip()}
    )
    return vote


@transaction.atomic
def steering_committee_member_add(*, edp: EDP, user, organisation, has_vote: bool, actor) -> SteeringCommitteeMember:
    if SteeringCommitteeMember.objects.filter(edp=edp, user=user).exists():
        raise DomainError(_("This person is already on the steering committee."), field="user")
    member = SteeringCommitteeMember.objects.create(edp=edp, user=user, organisation=organisation, has_vote=has_vote)
    permcache.forget(user)  # their seat counts from now on
    return member


@transaction.atomic
def steering_committee_member_remove(*, member: SteeringCommitteeMember, actor) -> None:
    member.delete()
    permcache.forget(member.user)


@transaction.atomic
def priorities_publish(*, edp: EDP, actor) -> PrioritySelection:
    """Publishes the selection (its lifecycle refuses outside the stage,
    or while candidates are undecided or the bounds are not met, saying so)."""
    selection = _locked_selection(edp)
    PrioritySelection.lifecycle.apply(selection, "publish", actor=actor, save=False)
    selection.published_by = actor
    selection.save()
    return selection


@transaction.atomic
def priorities_unpublish(*, edp: EDP, actor) -> PrioritySelection:
    """Withdraws the publication so decisions can be revised (during the
    selection stage only; the history keeps what was published)."""
    selection = _locked_selection(edp)
    PrioritySelection.lifecycle.apply(selection, "withdraw", actor=actor, save=False)
    selection.published_by = None
    selection.save()
    return selection
