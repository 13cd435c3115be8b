from collections import Counter

from django.db.models import Prefetch, QuerySet

from edp.models import EDP

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
    """Candidates with their votes, and a tally per candidate."""
    candidates = list(
        CandidatePriority.objects.filter(edp=edp)
        .select_related("decided_by")
        .prefetch_related(Prefetch("votes", queryset=SelectionVote.objects.select_related("voter")))
        .order_by("order", "id")
    )
    for candidate in candidates:
        tally = Counter(vote.choice for vote in candidate.votes.all())
        candidate.tally = [(choice.label, tally[choice.value]) for choice in SelectionVote.Choice]
    return candidates


def candidate_get(pk: int) -> CandidatePriority:
    return CandidatePriority.objects.select_related("edp__region", "decided_by").get(pk=pk)


def steering_committee(edp: EDP) -> QuerySet[SteeringCommitteeMember]:
    return SteeringCommitteeMember.objects.filter(edp=edp).select_related("user", "organisation").order_by("id")


def public_title(edp: EDP) -> str:
    from django.utils.translation import gettext as _

    return _("%(region)s smart specialisation priorities %(start)s–%(end)s") % {
        "region": edp.region.name.removesuffix(" Region"),
        "start": edp.period_start,
        "end": edp.period_end,
    }
