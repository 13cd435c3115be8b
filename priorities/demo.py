"""Demo: Pavlodar selects and publishes its smart-specialisation priorities.

The EDP enters priority selection once its consultation report is out
(``edp.demo.advance``). The four candidate specialisations of the evaluation
become candidate priorities linked to them (their evidence: ideas, scores,
consultation stances, and the region facts chosen as supporting each), next
to one candidate the consultation raised; the
steering committee's votes, the decisions and the publication go through the
services (which check the stage and the 3–8 bounds), and are then dated on
the EDP's timeline. Idempotent (keyed by EDP and title)."""

from datetime import timedelta

from edp.demo import SLUG, advance, stage_opens
from edp.models import RegionFact
from edp.workflow import Stage

from .models import CandidatePriority, PrioritySelection, SelectionVote, SteeringCommitteeMember
from .services import (
    candidate_decide,
    candidate_priorities_from_specialisations,
    candidate_priority_create,
    candidate_priority_update,
    priorities_publish,
    selection_for,
    selection_settings_update,
    selection_vote_cast,
    steering_committee_member_add,
)

# When things happened, in days after priority selection opened.
VOTED, DECIDED, PUBLISHED = 10, 14, 20

# The first four are the evaluation's candidate specialisations (same titles);
# the last one came out of the consultation.
CANDIDATES = [
    (
        "Aluminium and metals processing",
        "From primary aluminium and ferroalloys to **semi-finished and finished metal products** made in the region.",
        "selected",
        "The strongest cluster of the region (aluminium smelter, ferroalloy plant), university metallurgy research "
        "and the most supported idea in the consultation; moving up the value chain creates skilled jobs.",
    ),
    (
        "Agri-food processing of grain, dairy and meat",
        "Processing the region's grain, milk and livestock locally, including for small breeders.",
        "selected",
        "Large agricultural base with little local processing; many SME ideas and strong support from "
        "rural districts. The plan must include small breeders (lesson from Kostanay).",
    ),
    (
        "Petrochemicals from the Pavlodar refinery",
        "New chemical products from the refinery's streams.",
        "selected",
        "Existing refinery and chemical plant, research niche at the university; export potential to Russia "
        "and China confirmed by the evaluation. The consultation was divided, so the plan starts with pilots "
        "the refinery co-finances.",
    ),
    (
        "Energy transition of a coal region",
        "Efficiency, renewable energy and services for the region's coal-based energy system.",
        "selected",
        "Ekibastuz coal and power plants face decarbonisation; the region's engineering skills can serve it. "
        "Strong academic and civil-society support.",
    ),
    (
        "Logistics on the Irtysh corridor",
        "River and rail logistics between Russia, Kazakhstan and China.",
        "not_selected",
        "Added after many consultation comments on transport costs. Promising, but there is no critical mass "
        "of logistics firms yet; it is treated as an enabling action "
        "inside the metals and agri-food plans instead of a priority of its own.",
    ),
]

# The region facts (``edp.demo.FACTS``) the coordinator chose as supporting
# each candidate, by title.
SUPPORTING_FACTS = {
    "Aluminium and metals processing": ["Output per worker in industry", "Share of manufacturing in GRP"],
    "Agri-food processing of grain, dairy and meat": ["Population", "GRP per capita"],
    "Petrochemicals from the Pavlodar refinery": ["Share of manufacturing in GRP"],
    "Energy transition of a coal region": ["Output per worker in industry"],
    "Logistics on the Irtysh corridor": ["GRP per capita"],
}


def load(ctx) -> None:
    edp = ctx.get("edp")
    if edp is None:
        return
    users, orgs = ctx["users"], ctx["orgs"]
    coordinator = users["coordinator"]
    advance(
        edp,
        Stage.PRIORITY_SELECTION,
        actor=coordinator,
        reason="The consultation report and the answers are published; the steering committee starts selecting.",
    )
    start = stage_opens(SLUG, Stage.PRIORITY_SELECTION)
    if not selection_for(edp).is_published:
        _select(edp, users, orgs, coordinator, start)
    ctx["priorities"] = {c.title: c for c in CandidatePriority.objects.filter(edp=edp)}


def _select(edp, users, orgs, coordinator, start) -> None:
    selection_settings_update(
        edp=edp,
        min_priorities=3,
        max_priorities=8,
        introduction=(
            "The Pavlodar EDP brought together the akimat, firms, universities and citizens. "
            "These are the activities the region chose to specialise in, and why."
        ),
        actor=coordinator,
    )
    voters = []
    for key, org_key in [("tou_rep", "tou"), ("entrepreneur", "sme_agro"), ("facilitator", "industry_dept")]:
        if not SteeringCommitteeMember.objects.filter(edp=edp, user=users[key]).exists():
            steering_committee_member_add(
                edp=edp, user=users[key], organisation=orgs[org_key], has_vote=True, actor=coordinator
            )
        voters.append(users[key])
    # Written with their own summaries, then linked to the specialisations of
    # the same title (the service brings in any specialisation left over).
    for order, (title, summary, _decision, _rationale) in enumerate(CANDIDATES):
        if not CandidatePriority.objects.filter(edp=edp, title=title).exists():
            candidate_priority_create(edp=edp, title=title, summary=summary, actor=coordinator, order=order)
    candidate_priorities_from_specialisations(edp=edp, actor=coordinator)
    for title, _summary, decision, rationale in CANDIDATES:
        candidate = CandidatePriority.objects.get(edp=edp, title=title)
        candidate_priority_update(
            candidate=candidate,
            title=candidate.title,
            summary=candidate.summary,
            order=candidate.order,
            supporting_facts=RegionFact.objects.filter(region=edp.region, indicator__in=SUPPORTING_FACTS[title]),
            actor=coordinator,
        )
        for voter in voters:
            selection_vote_cast(
                candidate=candidate,
                voter=voter,
                choice=SelectionVote.Choice.SELECT
                if decision == CandidatePriority.Decision.SELECTED
                else SelectionVote.Choice.REJECT,
                rationale=rationale.split(";")[0].split(".")[0] + ".",
            )
        candidate_decide(candidate=candidate, decision=decision, rationale=rationale, actor=coordinator)
    priorities_publish(edp=edp, actor=coordinator)
    CandidatePriority.objects.filter(edp=edp).update(
        created_at=start + timedelta(days=1), decided_at=start + timedelta(days=DECIDED)
    )
    SelectionVote.objects.filter(candidate__edp=edp).update(
        created_at=start + timedelta(days=VOTED), updated_at=start + timedelta(days=VOTED)
    )
    SteeringCommitteeMember.objects.filter(edp=edp).update(created_at=start)
    PrioritySelection.objects.filter(edp=edp).update(published_at=start + timedelta(days=PUBLISHED))
