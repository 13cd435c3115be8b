"""Demo: the Pavlodar EDP gets criteria, a six-person panel mixing helices,
assignments, complete scores (one idea with a strong disagreement and its
consensus discussion), a shortlist with feedback, and candidate
specialisations. Works whatever stage the EDP is in (data is written
directly, not through stage-checked services), and is idempotent: each part
is only created when missing."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from edp.models import EDPRole, Idea

from . import ideas as idea_data
from .aggregation import CriterionSpec, weighted_score
from .models import (
    Assignment,
    CandidateSpecialisation,
    ConsensusMessage,
    CriterionScore,
    Evaluation,
    EvaluationCriterion,
    EvaluationSettings,
    FreezeReason,
    IdeaDecision,
)
from .selectors import idea_results
from .services.assignments import _plan_and_create
from .services.criteria import create_default_criteria

THEMES = [
    (
        {
            "en": "Advanced metallurgy and new materials",
            "ru": "Передовая металлургия и новые материалы",
            "kk": "Озық металлургия және жаңа материалдар",
        },
        ("alumin", "metal", "steel", "ferro", "dross", "smelt", "material", "coal", "chemi", "refract"),
        "Builds on the aluminium and ferroalloy smelters and Toraighyrov University's materials research.",
    ),
    (
        {
            "en": "Agri-food processing and the bio-economy",
            "ru": "Агропереработка и биоэкономика",
            "kk": "Агроөңдеу және биоэкономика",
        },
        ("agri", "agro", "food", "grain", "dairy", "milk", "meat", "farm", "crop", "fish", "bio", "water", "irrig"),
        "Irrigated Irtysh farmland, an agro cluster of SMEs and export routes to Russia and China.",
    ),
    (
        {
            "en": "Digital and green services for industry",
            "ru": "Цифровые и зелёные сервисы для промышленности",
            "kk": "Өнеркәсіпке арналған цифрлық және жасыл қызметтер",
        },
        ("digital", "data", "software", "it ", "ai", "energy", "solar", "wind", "hydrogen", "logist", "tour", "green"),
        "The technopark's IT firms serve the region's large plants; the energy transition opens new services.",
    ),
]


def _quality(idea: Idea) -> int:
    """A stable 0..99 'merit' per idea, so the demo ranking is the same on every machine."""
    return int(hashlib.sha256(idea.title.encode()).hexdigest()[:4], 16) % 100


def _score(idea: Idea, evaluator_id: int, criterion: EvaluationCriterion, flagged: bool, index: int) -> int:
    span = criterion.scale_max - criterion.scale_min
    base = criterion.scale_min + round(span * _quality(idea) / 99)
    if flagged:
        # One evaluator loves it, another does not: a consensus discussion.
        return criterion.scale_max if index % 2 == 0 else criterion.scale_min
    wobble = (evaluator_id + criterion.position) % 3 - 1
    return max(criterion.scale_min, min(criterion.scale_max, base + wobble))


def load(ctx) -> None:
    edp = ctx.get("edp")
    users = ctx.get("users") or {}
    if edp is None:
        return
    coordinator = users.get("coordinator")
    evaluators = [users[f"evaluator{i}"] for i in range(1, 7) if f"evaluator{i}" in users]
    for person in evaluators:
        EDPRole.objects.get_or_create(
            edp=edp, user=person, role=EDPRole.Role.EVALUATOR, defaults={"granted_by": coordinator}
        )
        ctx.login(person.email, "evaluator (Pavlodar EDP)")

    if not EvaluationCriterion.objects.filter(edp=edp).exists():
        create_default_criteria(edp)
    criteria = list(EvaluationCriterion.objects.filter(edp=edp).order_by("position", "id"))
    settings, _created = EvaluationSettings.objects.get_or_create(
        edp=edp,
        defaults={
            "reviewers_per_idea": 3,
            "deadline": datetime(2026, 12, 15, 18, 0, tzinfo=ZoneInfo("Asia/Almaty")),
            "disagreement_threshold": 25,
        },
    )

    ideas = list(idea_data.submitted_ideas(edp))
    if not ideas:
        return
    if not Assignment.objects.filter(edp=edp).exists():
        _plan_and_create(actor=coordinator, edp=edp, settings=settings, ideas=ideas)

    # Scores: one idea (the first) is the disagreement; every other
    # assignment is complete.
    flagged_idea = ideas[0]
    specs = [CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max) for c in criteria]
    assignments = Assignment.objects.filter(edp=edp, status=Assignment.Status.ACTIVE).select_related("idea")
    by_idea: dict[int, list[Assignment]] = {}
    for a in assignments.order_by("idea_id", "id"):
        by_idea.setdefault(a.idea_id, []).append(a)
    for group in by_idea.values():
        for index, a in enumerate(group):
            evaluation, _created = Evaluation.objects.get_or_create(assignment=a)
            if evaluation.is_submitted:
                continue
            values = {}
            for c in criteria:
                value = _score(a.idea, a.evaluator_id, c, a.idea_id == flagged_idea.pk, index)
                values[c.pk] = value
                extreme = value in (c.scale_min, c.scale_max)
                CriterionScore.objects.update_or_create(
                    evaluation=evaluation,
                    criterion=c,
                    defaults={
                        "score": value,
                        "justification": (
                            "Clear evidence in the proposal and the asset inventory."
                            if value == c.scale_max
                            else "The proposal gives no evidence on this point."
                        )
                        if extreme
                        else "",
                    },
                )
            evaluation.weighted_score = weighted_score(values, specs)
            evaluation.status = Evaluation.Status.SUBMITTED
            evaluation.submitted_at = timezone.now()
            evaluation.comment = "Scored against the smart-specialisation grid."
            evaluation.save()
    if not settings.criteria_frozen_at:
        settings.criteria_frozen_at = timezone.now()
        settings.criteria_frozen_reason = FreezeReason.SCORING_STARTED
        settings.save(update_fields=["criteria_frozen_at", "criteria_frozen_reason"])

    if not ConsensusMessage.objects.filter(idea=flagged_idea).exists():
        group = by_idea.get(flagged_idea.pk, [])
        lines = [
            (group[0].evaluator if group else None, "I scored the market high: the smelters already buy this abroad."),
            (
                group[1].evaluator if len(group) > 1 else None,
                "I doubt any local firm will invest; no letters of commitment.",
            ),
            (coordinator, "Let us ask the submitter for the commitment letters before deciding."),
        ]
        for author, body in lines:
            if author is not None:
                ConsensusMessage.objects.create(edp=edp, idea=flagged_idea, author=author, body=body)

    # Decisions: the top third shortlisted, the bottom quarter not retained.
    results = [r for r in idea_results(edp) if r.summary.mean is not None]
    if not IdeaDecision.objects.filter(edp=edp).exists() and results:
        shortlist_size = max(3, len(results) // 3)
        now = timezone.now()
        # The disputed idea waits for its consensus discussion.
        results = [r for r in results if r.idea.pk != flagged_idea.pk]
        for rank, r in enumerate(results, start=1):
            if rank <= shortlist_size:
                IdeaDecision.objects.create(
                    edp=edp,
                    idea=r.idea,
                    outcome=IdeaDecision.Outcome.SHORTLISTED,
                    rationale=f"Ranked {rank} of {len(results)} (mean {r.summary.mean}); the panel agreed.",
                    feedback="Your idea goes forward to the public consultation as part of a candidate specialisation.",
                    decided_by=coordinator,
                    decided_at=now,
                )
            elif rank > len(results) - max(1, len(results) // 4):
                IdeaDecision.objects.create(
                    edp=edp,
                    idea=r.idea,
                    outcome=IdeaDecision.Outcome.NOT_RETAINED,
                    rationale=f"Ranked {rank} of {len(results)} (mean {r.summary.mean}).",
                    feedback=(
                        "The panel found too little evidence of regional assets and private commitment. "
                        "You are welcome to strengthen it with a university partner and submit to the next call."
                    ),
                    decided_by=coordinator,
                    decided_at=now,
                )

    shortlisted = list(
        Idea.objects.filter(edp=edp, evaluation_decision__outcome=IdeaDecision.Outcome.SHORTLISTED).order_by("id")
    )
    if shortlisted and not CandidateSpecialisation.objects.filter(edp=edp).exists():
        groups: list[list[Idea]] = [[] for _ in THEMES]
        unmatched = []
        for idea in shortlisted:
            text = f"{idea.title} {idea.activity}".lower()
            match = next((i for i, (_n, words, _r) in enumerate(THEMES) if any(w in text for w in words)), None)
            (groups[match] if match is not None else unmatched).append(idea)
        for idea in unmatched:  # keep the groups even
            min(groups, key=len).append(idea)
        # At least two candidates whenever two ideas are shortlisted.
        while sum(1 for g in groups if g) < min(2, len(shortlisted)):
            next(g for g in groups if not g).append(max(groups, key=len).pop())
        for position, ((names, _words, rationale), members) in enumerate(zip(THEMES, groups, strict=True)):
            if not members:
                continue
            candidate = CandidateSpecialisation(
                edp=edp,
                position=position,
                rationale=rationale,
                description="Related shortlisted ideas that build on the same regional assets.",
                created_by=coordinator,
            )
            for lang, text in names.items():
                setattr(candidate, f"title_{lang}", text)
            candidate.save()
            candidate.ideas.set(members)
