"""Demo: the published smart-specialisation priorities of the Pavlodar EDP.

Idempotent (keyed by EDP and title). Works whatever stage the EDP is in:
decisions and publication are written directly, not through the services
that check the stage."""

from datetime import timedelta

from django.utils import timezone

from .models import CandidatePriority, PrioritySelection, SelectionVote, SteeringCommitteeMember

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
        "and China confirmed by the evaluation.",
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
        "Promising, but evaluators found no critical mass of firms yet; it is treated as an enabling action "
        "inside the metals and agri-food plans instead of a priority of its own.",
    ),
]


def _edp(ctx):
    edp = ctx.get("edp")
    if edp is None:
        from edp.models import EDP

        edp = EDP.objects.filter(region=ctx["region"]).order_by("created_at").first()
    return edp


def load(ctx) -> None:
    edp = _edp(ctx)
    if edp is None:
        return
    users, orgs = ctx["users"], ctx["orgs"]
    coordinator = users.get("coordinator")
    selection, _created = PrioritySelection.objects.get_or_create(edp=edp)
    steering = []
    for key, org_key in [("tou_rep", "tou"), ("entrepreneur", "sme_agro"), ("facilitator", "industry_dept")]:
        if key in users:
            member, _created = SteeringCommitteeMember.objects.get_or_create(
                edp=edp, user=users[key], defaults={"organisation": orgs.get(org_key), "has_vote": True}
            )
            steering.append(member)
    decided_at = timezone.now() - timedelta(days=760)
    candidates = {}
    for order, (title, summary, decision, rationale) in enumerate(CANDIDATES):
        candidate, _created = CandidatePriority.objects.update_or_create(
            edp=edp,
            title=title,
            defaults={
                "summary": summary,
                "decision": decision,
                "rationale": rationale,
                "decided_by": coordinator,
                "order": order,
            },
        )
        if candidate.decided_at is None:
            candidate.decided_at = decided_at
            candidate.save(update_fields=["decided_at"])
        candidates[title] = candidate
        for member in steering:
            SelectionVote.objects.get_or_create(
                candidate=candidate,
                voter=member.user,
                defaults={
                    "choice": "select" if decision == "selected" else "reject",
                    "rationale": rationale.split(";")[0].split(".")[0] + ".",
                },
            )
    if selection.published_at is None:
        selection.published_at = decided_at + timedelta(days=3)
        selection.published_by = coordinator
        selection.introduction = (
            "The Pavlodar EDP brought together the akimat, firms, universities and citizens. "
            "These are the activities the region chose to specialise in, and why."
        )
        selection.save()
    ctx["priorities"] = candidates
