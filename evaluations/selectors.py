"""Reads shared by the evaluation pages, exports and API."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Avg, Count, Prefetch, QuerySet

from edp.models import EDP, Idea
from stakeholders.choices import Helix

from . import ideas as idea_data
from .aggregation import IdeaSummary, summarise
from .models import (
    Assignment,
    CandidateSpecialisation,
    ConsensusMessage,
    CriterionScore,
    Evaluation,
    EvaluationCriterion,
    EvaluationSettings,
    IdeaDecision,
)


def settings_for(edp: EDP) -> EvaluationSettings:
    """The EDP's settings, or unsaved defaults when none were saved yet."""
    return EvaluationSettings.objects.filter(edp=edp).first() or EvaluationSettings(edp=edp)


def criteria_for(edp: EDP) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(edp=edp).order_by("position", "id"))


def candidate_specialisations(edp: EDP) -> QuerySet[CandidateSpecialisation]:
    return (
        CandidateSpecialisation.objects.filter(edp=edp)
        .prefetch_related(Prefetch("ideas", queryset=Idea.objects.select_related("organisation")))
        .order_by("position", "id")
    )


# --- Panel, queue and results -------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    assignment: Assignment
    idea: Idea
    evaluation: Evaluation | None  # None: not started
    status: str  # "not_started", or the evaluation's status (the API shows it)
    scored: int  # criteria scored so far

    @property
    def is_submitted(self) -> bool:
        return self.evaluation is not None and self.evaluation.is_submitted


def queue_for(edp: EDP, user) -> list[QueueItem]:
    """An evaluator's active assignments in this EDP with their progress."""
    rows = list(
        Assignment.objects.filter(edp=edp, evaluator=user, status=Assignment.Status.ACTIVE)
        .select_related("idea", "idea__organisation", "evaluation")
        .annotate(scored=Count("evaluation__scores"))
        .order_by("idea__title", "id")
    )
    items = []
    for a in rows:
        evaluation = getattr(a, "evaluation", None)
        status = "not_started" if evaluation is None else evaluation.status
        items.append(QueueItem(assignment=a, idea=a.idea, evaluation=evaluation, status=status, scored=a.scored))
    return items


def own_assignment(edp: EDP, user, idea_id: int) -> Assignment:
    """The user's own active assignment on an idea of this EDP (ids from the
    URL are only ever looked up inside the user's own assignments), or
    ``Assignment.DoesNotExist``."""
    assignment = Assignment.objects.select_related("idea", "idea__organisation").get(
        edp=edp, evaluator=user, idea_id=idea_id, status=Assignment.Status.ACTIVE
    )
    assignment.edp = edp
    return assignment


def evaluation_of(assignment: Assignment) -> Evaluation | None:
    """The evaluator's evaluation on this assignment with its scores (None before the first save)."""
    return Evaluation.objects.filter(assignment=assignment).prefetch_related("scores").first()


def assignment_of_edp(edp: EDP, pk: int) -> Assignment:
    assignment = Assignment.objects.get(edp=edp, pk=pk)
    assignment.edp = edp
    return assignment


def submitted_idea(edp: EDP, pk: int) -> Idea:
    """A submitted idea of this EDP (the results pages' subject)."""
    idea = (
        Idea.objects.select_related("organisation", "submitter")
        .prefetch_related("assets", "partners")
        .get(edp=edp, pk=pk, status=Idea.Status.SUBMITTED)
    )
    idea.edp = edp
    return idea


def idea_of_edp(edp: EDP, pk: int) -> Idea:
    idea = Idea.objects.select_related("organisation").get(edp=edp, pk=pk)
    idea.edp = edp
    return idea


def panel_member(edp: EDP, user_id: int) -> idea_data.PanelMember:
    """A member of this EDP's evaluation panel; an id that is not on this
    panel is not found (``ObjectDoesNotExist``)."""
    members = idea_data.panel(edp, user_ids=[user_id])
    if not members:
        raise ObjectDoesNotExist
    return members[0]


def shortlisted_ideas(edp: EDP) -> list[Idea]:
    return list(
        Idea.objects.filter(edp=edp, evaluation_decision__outcome=IdeaDecision.Outcome.SHORTLISTED).order_by("title")
    )


def decision_of(idea: Idea) -> IdeaDecision | None:
    return IdeaDecision.objects.filter(idea=idea).first()


@dataclass
class IdeaResult:
    idea: Idea
    summary: IdeaSummary
    decision: IdeaDecision | None
    criterion_means: dict[int, Decimal | None]
    dimensions: list[str] = field(default_factory=list)


def idea_results(
    edp: EDP,
    *,
    helix: str = "",
    dimension: str = "",
    flagged: bool | None = None,
    outcome: str = "",
    specialisation: CandidateSpecialisation | None = None,
) -> list[IdeaResult]:
    """Every submitted idea with its aggregated scores, best first. Only
    submitted evaluations of active assignments count; drafts and missing
    evaluations show in ``expected``. A fixed number of queries.

    ``specialisation`` keeps the ideas grouped into that candidate
    specialisation (the evidence of a candidate priority)."""
    settings = settings_for(edp)
    ideas_qs = (
        Idea.objects.filter(edp=edp, status=Idea.Status.SUBMITTED)
        .select_related("organisation")
        .prefetch_related("assets")
    )
    if helix:
        ideas_qs = ideas_qs.filter(helix=helix)
    if dimension:
        ideas_qs = ideas_qs.filter(assets__dimension=dimension).distinct()
    if specialisation is not None:
        ideas_qs = ideas_qs.filter(candidate_specialisations=specialisation)
    ideas = list(ideas_qs)
    ids = [i.pk for i in ideas]
    expected: dict[int, int] = defaultdict(int)
    submitted: dict[int, list[Decimal]] = defaultdict(list)
    for idea_id, status, score in Assignment.objects.filter(
        idea_id__in=ids, status=Assignment.Status.ACTIVE
    ).values_list("idea_id", "evaluation__status", "evaluation__weighted_score"):
        expected[idea_id] += 1
        if status == Evaluation.Status.SUBMITTED and score is not None:
            submitted[idea_id].append(score)
    means: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for row in (
        CriterionScore.objects.filter(
            evaluation__assignment__idea_id__in=ids,
            evaluation__assignment__status=Assignment.Status.ACTIVE,
            evaluation__status=Evaluation.Status.SUBMITTED,
        )
        .values("evaluation__assignment__idea_id", "criterion_id")
        .annotate(mean=Avg("score"))
    ):
        means[row["evaluation__assignment__idea_id"]][row["criterion_id"]] = Decimal(str(row["mean"])).quantize(
            Decimal("0.01")
        )
    decisions = {d.idea_id: d for d in IdeaDecision.objects.filter(idea_id__in=ids)}
    results = []
    for idea in ideas:
        summary = summarise(submitted[idea.pk], expected=expected[idea.pk], threshold=settings.disagreement_threshold)
        if flagged is not None and summary.flagged != flagged:
            continue
        decision = decisions.get(idea.pk)
        if outcome == "undecided" and decision is not None:
            continue
        if outcome and outcome != "undecided" and (decision is None or decision.outcome != outcome):
            continue
        results.append(
            IdeaResult(
                idea=idea,
                summary=summary,
                decision=decision,
                criterion_means=means[idea.pk],
                dimensions=sorted({a.get_dimension_display() for a in idea.assets.all()}),
            )
        )
    results.sort(key=ranking_key)
    return results


def ranking_key(result: IdeaResult) -> tuple:
    """The ranking's order. A mean resting on one evaluation of three is not
    comparable with one resting on all three (a single generous evaluator
    would put an idea on top), so ideas whose evaluations are complete come
    first, by mean; then the incomplete ones, the most complete first and by
    mean within the same completeness; ideas without any score come last."""
    s = result.summary
    completeness = Fraction(s.count, s.expected) if s.expected else Fraction(0)
    return (s.mean is None, not s.complete, -completeness, -(s.mean or 0), result.idea.title)


def idea_results_for(edp: EDP, idea: Idea) -> IdeaResult | None:
    """The aggregate of one idea (same rules as the ranking)."""
    settings = settings_for(edp)
    scores = list(
        Evaluation.objects.filter(
            assignment__idea=idea, assignment__status=Assignment.Status.ACTIVE, status=Evaluation.Status.SUBMITTED
        ).values_list("weighted_score", flat=True)
    )
    expected = Assignment.objects.filter(idea=idea, status=Assignment.Status.ACTIVE).count()
    summary = summarise(
        [s for s in scores if s is not None], expected=expected, threshold=settings.disagreement_threshold
    )
    return IdeaResult(
        idea=idea,
        summary=summary,
        decision=IdeaDecision.objects.filter(idea=idea).first(),
        criterion_means={},
    )


def evaluations_of_idea(idea: Idea) -> list[Evaluation]:
    """Submitted evaluations of an idea, in a stable order that does not
    reveal who submitted first (by assignment id)."""
    return list(
        Evaluation.objects.filter(
            assignment__idea=idea, assignment__status=Assignment.Status.ACTIVE, status=Evaluation.Status.SUBMITTED
        )
        .select_related("assignment__evaluator")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=CriterionScore.objects.select_related("criterion").order_by(
                    "criterion__position", "criterion_id"
                ),
            )
        )
        .order_by("assignment_id")
    )


def consensus_thread(idea: Idea) -> list[ConsensusMessage]:
    return list(ConsensusMessage.objects.filter(idea=idea).select_related("author").order_by("created_at", "id"))


def _member_row(member: idea_data.PanelMember, load: int, done: int, caps: idea_data.Caps) -> dict:
    cap = caps.of(member.user_id)
    return {
        "member": member,
        "load": load,
        "done": done,
        "cap": cap,
        "personal_cap": caps.personal.get(member.user_id),
        "full": cap is not None and load >= cap,
        "over": cap is not None and load > cap,
    }


def panel_overview(edp: EDP) -> dict:
    """The panel page: evaluators with helix, load, cap and progress, the
    helix mix, and every idea's assignments with conflicts."""
    members = idea_data.panel(edp)
    settings = settings_for(edp)
    caps = idea_data.caps(edp, settings)
    ideas = list(idea_data.submitted_ideas(edp))
    conflicts = idea_data.conflicts(edp, ideas, members)
    assignments = list(
        Assignment.objects.filter(edp=edp)
        .select_related("evaluator", "evaluation")
        .order_by("idea_id", "created_at", "id")
    )
    load: dict[int, int] = defaultdict(int)
    done: dict[int, int] = defaultdict(int)
    by_idea: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        if a.is_active:
            load[a.evaluator_id] += 1
            evaluation = getattr(a, "evaluation", None)
            if evaluation is not None and evaluation.is_submitted:
                done[a.evaluator_id] += 1
        by_idea[a.idea_id].append(a)
    helix_mix = Counter(m.helix for m in members)
    names = {m.user_id: m.name for m in members}
    overview: dict[str, Any] = {
        "members": [_member_row(m, load[m.user_id], done[m.user_id], caps) for m in members],
        "default_cap": caps.default,
        "settings": settings,
        "helix_mix": [
            {"helix": value, "label": label, "count": helix_mix.get(value, 0)} for value, label in Helix.choices
        ],
        "ideas": [
            {
                "idea": idea,
                "assignments": by_idea[idea.pk],
                # Shown live, so a shortage left by a declared conflict (the
                # evaluator's action, not the coordinator's) is seen here too.
                "missing": max(0, settings.reviewers_per_idea - sum(1 for a in by_idea[idea.pk] if a.is_active)),
                "conflicts": [
                    {"name": names.get(uid, ""), "reason": idea_data.conflict_label(reason)}
                    for (iid, uid), reason in sorted(conflicts.items())
                    if iid == idea.pk
                ],
            }
            for idea in ideas
        ],
        "conflicts": conflicts,
    }
    overview["short_ideas"] = sum(1 for row in overview["ideas"] if row["missing"])
    return overview
