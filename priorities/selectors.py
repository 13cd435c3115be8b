from collections import Counter

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import selectors as consultation_selectors
from edp.models import EDP, Idea
from evaluations.models import CandidateSpecialisation

from .models import CandidatePriority, PrioritySelection, SelectionVote, SteeringCommitteeMember


def edp_by_slug(slug: str) -> EDP:
    return EDP.objects.select_related("region", "priority_selection").get(slug=slug)


def selection_of(edp: EDP) -> PrioritySelection:
    """The EDP's selection settings; defaults when none were saved yet."""
    try:
        return edp.priority_selection
    except PrioritySelection.DoesNotExist:
        return PrioritySelection(edp=edp)


def candidates_of(edp: EDP) -> list[CandidatePriority]:
    """Candidates with their votes and a tally per candidate, and the size of
    their evidence: ``idea_count`` (submitted ideas of the specialisation)
    and ``stances`` ({position: n} over the consultation items about it).
    A fixed number of queries, whatever the number of ideas and stances."""
    candidates: list[CandidatePriority] = list(
        CandidatePriority.objects.filter(edp=edp)
        .select_related("decided_by")
        .annotate(
            idea_count=Count(
                "specialisation__ideas", filter=Q(specialisation__ideas__status=Idea.Status.SUBMITTED), distinct=True
            )
        )
        .prefetch_related(Prefetch("votes", queryset=SelectionVote.objects.select_related("voter")))
        .order_by("order", "id")
    )
    linked = [c.specialisation_id for c in candidates if c.specialisation_id]
    stances = consultation_selectors.stance_totals_about(CandidateSpecialisation, linked) if linked else {}
    for candidate in candidates:
        tally = Counter(vote.choice for vote in candidate.votes.all())
        own = stances.get(candidate.specialisation_id) if candidate.specialisation_id else None
        # Read by the templates next to the model's own fields.
        candidate.tally = [(choice.label, tally[choice.value]) for choice in SelectionVote.Choice]  # type: ignore[attr-defined]
        candidate.stances = own  # type: ignore[attr-defined]
        candidate.stance_total = sum(own.values()) if own else 0  # type: ignore[attr-defined]
    return candidates


def specialisations_without_candidate(edp: EDP) -> int:
    """How many of the evaluation's candidate specialisations are not a
    candidate priority yet."""
    return CandidateSpecialisation.objects.filter(edp=edp, candidate_priority__isnull=True).count()


def publication_problems(edp: EDP, selection: PrioritySelection) -> list[str]:
    """What keeps the selection from being published (undecided candidates,
    the bounds on the number of priorities); empty when nothing does."""
    decisions = list(CandidatePriority.objects.filter(edp=edp).values_list("decision", flat=True))
    selected = decisions.count(CandidatePriority.Decision.SELECTED)
    pending = decisions.count(CandidatePriority.Decision.PENDING)
    problems = []
    if pending:
        problems.append(
            ngettext("%(n)s candidate has no decision yet.", "%(n)s candidates have no decision yet.", pending)
            % {"n": pending}
        )
    if selected < selection.min_priorities:
        problems.append(
            _("Only %(n)s priorities are selected; this process requires at least %(min)s.")
            % {"n": selected, "min": selection.min_priorities}
        )
    if selected > selection.max_priorities:
        problems.append(
            _(
                "%(n)s priorities are selected; this process allows at most %(max)s: smart specialisation "
                "means choosing."
            )
            % {"n": selected, "max": selection.max_priorities}
        )
    return problems


def candidate_get(pk: int) -> CandidatePriority:
    return (
        CandidatePriority.objects.select_related(
            "edp__region", "edp__priority_selection", "decided_by", "specialisation", "action_plan"
        )
        .prefetch_related("supporting_facts")
        .get(pk=pk)
    )


def steering_member(edp: EDP, pk: int) -> SteeringCommitteeMember:
    member = SteeringCommitteeMember.objects.select_related("user").get(edp=edp, pk=pk)
    member.edp = edp
    return member


def steering_committee(edp: EDP) -> QuerySet[SteeringCommitteeMember]:
    return SteeringCommitteeMember.objects.filter(edp=edp).select_related("user", "organisation").order_by("id")


def public_title(edp: EDP) -> str:
    return _("%(region)s smart specialisation priorities %(start)s–%(end)s") % {
        "region": edp.region.name.removesuffix(" Region"),
        "start": edp.period_start,
        "end": edp.period_end,
    }
