"""Demo: idea evaluation in both demo EDPs.

For each EDP: the default criteria (added in foresight, through the
service), its panel, then the EDP enters idea evaluation (``edp.demo.advance``
checks the real preconditions: call closed, ideas submitted, criteria total
100%, a panel), evaluators are assigned by the assignment service, every
assignment is scored (one idea with a strong disagreement and its consensus
discussion), each idea gets a decision with a rationale, and the shortlist is
grouped into candidate specialisations. What happened in the past is dated on
the EDP's timeline. Idempotent: each part is only created when missing.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from edp.demo import KYZYLORDA_SLUG, SLUG, advance, stage_opens
from edp.models import EDPRole, Idea
from edp.workflow import Stage

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
    IdeaDecision,
)
from .selectors import idea_results
from .services.assignments import assignments_auto
from .services.criteria import criteria_add_defaults, criteria_freeze


@dataclass
class Story:
    """What the panel of one EDP concluded."""

    slug: str
    coordinator: str
    evaluators: list[str]
    # (titles in en/ru/kk, rationale, titles of its shortlisted ideas)
    themes: list[tuple[dict, str, list[str]]]
    disputed: str  # the idea the evaluators disagreed on
    disputed_theme: int | None  # where it went after the discussion (None: not retained)
    consensus: list[str] = field(default_factory=list)


PAVLODAR = Story(
    slug=SLUG,
    coordinator="coordinator",
    evaluators=[f"evaluator{i}" for i in range(1, 7)],
    themes=[
        (
            {
                "en": "Aluminium and metals processing",
                "ru": "Переработка алюминия и металлов",
                "kk": "Алюминий мен металдарды өңдеу",
            },
            "Builds on the aluminium smelter and its suppliers and on Toraighyrov University's materials research.",
            [
                "Low-carbon aluminium certification",
                "Recycled aluminium alloys for the automotive industry",
                "Supplier development programme for large plants",
                "Spent pot lining treatment",
            ],
        ),
        (
            {
                "en": "Agri-food processing of grain, dairy and meat",
                "ru": "Переработка зерна, молока и мяса",
                "kk": "Астық, сүт және ет өңдеу",
            },
            "Irrigated Irtysh farmland, an agro cluster of SMEs and export routes to Russia and China.",
            [
                "Shared cold storage hubs for dairy farmers",
                "Certified laboratory for meat and milk exports",
                "Kumis and horse-milk products for export",
            ],
        ),
        (
            {
                "en": "Petrochemicals from the Pavlodar refinery",
                "ru": "Нефтехимия на базе Павлодарского НПЗ",
                "kk": "Павлодар мұнай өңдеу зауыты негізіндегі мұнай-химия",
            },
            "The refinery's streams, the special economic zone and the university's chemical engineering.",
            ["Hydrogen from surplus night power", "Industrial symbiosis map"],
        ),
        (
            {
                "en": "Energy transition of a coal region",
                "ru": "Энергетический переход угольного региона",
                "kk": "Көмір өңірінің энергетикалық көшуі",
            },
            "Ekibastuz power must decarbonise; the region's engineers and IT firms can serve that transition.",
            [
                "Heat-network leak detection with drones",
                "Predictive maintenance service for heavy industry",
                "Battery storage next to coal plants",
            ],
        ),
    ],
    disputed="Refractory bricks from smelter dross",
    disputed_theme=0,
    consensus=[
        "I scored the market high: the smelters already buy this abroad.",
        "I doubt any local firm will invest; no letters of commitment.",
        "The university has now sent letters of commitment from the smelter and two furnace users; shortlisted.",
    ],
)

KYZYLORDA = Story(
    slug=KYZYLORDA_SLUG,
    coordinator="coordinator_kyzylorda",
    evaluators=["evaluator1", "evaluator6", "kz_researcher", "kz_chamber"],
    themes=[
        (
            {
                "en": "Water-smart rice and agri-food",
                "ru": "Водосберегающее рисоводство и агропереработка",
                "kk": "Суды үнемдейтін күріш шаруашылығы және агроөңдеу",
            },
            "Kazakhstan's rice basket must grow more with less Syr Darya water; the university's soil and "
            "irrigation research is ready to help.",
            [
                "Laser levelling and drip irrigation for rice",
                "Salt-tolerant crops for degraded land",
                "Water accounting for the Syr Darya canals",
                "Camel milk (shubat) dairy with export certification",
            ],
        ),
        (
            {
                "en": "Fisheries and eco-tourism of the Aral region",
                "ru": "Рыболовство и экотуризм Приаралья",
                "kk": "Арал өңірінің балық шаруашылығы және экотуризмі",
            },
            "The recovering Small Aral gives fishing villages a catch to process and a story visitors come for.",
            ["Processing Small Aral fish for export", "Aral Sea eco-tourism routes"],
        ),
        (
            {
                "en": "Solar energy and services for the oil fields",
                "ru": "Солнечная энергетика и сервис для нефтяных месторождений",
                "kk": "Күн энергетикасы және мұнай кен орындарына қызмет көрсету",
            },
            "Excellent sunshine and an oil industry that buys services: local firms can supply both.",
            ["Solar power for remote oil field pumps", "Repair hub for oil field equipment"],
        ),
    ],
    disputed="Space visitor centre near Baikonur",
    disputed_theme=None,
    consensus=[
        "Tourists would come: launches are a unique sight.",
        "Access to the cosmodrome is not ours to decide; the plan depends on others.",
        "Agreed after the discussion: not retained for now, with advice to team up with a tour operator.",
    ],
)

# When things happened, in days after the EDP entered idea evaluation.
ASSIGNED, SCORING, DEADLINE, DECIDED, GROUPED = 1, 3, 25, 30, 32


def _merit(idea: Idea, shortlisted: set[str]) -> int:
    """A stable 0..99 'merit' per idea (the same on every machine): the
    ideas the story shortlists score high, the others lower."""
    noise = int(hashlib.sha256(idea.title.encode()).hexdigest()[:4], 16)
    return 70 + noise % 30 if idea.title in shortlisted else noise % 55


def _score(merit: int, evaluator_id: int, criterion: EvaluationCriterion, disputed: bool, index: int) -> int:
    if disputed:
        # One evaluator loves it, another does not: a consensus discussion.
        return criterion.scale_max if index % 2 == 0 else criterion.scale_min
    span = criterion.scale_max - criterion.scale_min
    base = criterion.scale_min + round(span * merit / 99)
    wobble = (evaluator_id + criterion.position) % 3 - 1
    return max(criterion.scale_min, min(criterion.scale_max, base + wobble))


def load(ctx) -> None:
    for story, key in ((PAVLODAR, "edp"), (KYZYLORDA, "edp_kyzylorda")):
        if ctx.get(key) is not None:
            _evaluate(ctx, ctx[key], story)


def _evaluate(ctx, edp, story: Story) -> None:
    users = ctx["users"]
    coordinator = users[story.coordinator]
    for key in story.evaluators:
        EDPRole.objects.get_or_create(
            edp=edp, user=users[key], role=EDPRole.Role.EVALUATOR, defaults={"granted_by": coordinator}
        )
    if not EvaluationCriterion.objects.filter(edp=edp).exists():
        criteria_add_defaults(actor=coordinator, edp=edp)
    start = stage_opens(story.slug, Stage.EVALUATION)
    settings, _created = EvaluationSettings.objects.get_or_create(edp=edp)
    if settings.deadline is None:
        settings.reviewers_per_idea = 3
        settings.deadline = start + timedelta(days=DEADLINE, hours=13)  # 18:00 in Almaty
        settings.disagreement_threshold = 25
        settings.save()

    advance(
        edp,
        Stage.EVALUATION,
        actor=coordinator,
        reason="The call for ideas has closed; the panel and the criteria are ready. Scoring starts.",
    )
    if not Assignment.objects.filter(edp=edp).exists():
        assignments_auto(actor=coordinator, edp=edp)
        Assignment.objects.filter(edp=edp).update(created_at=start + timedelta(days=ASSIGNED))
    criteria_freeze(edp=edp, when=start + timedelta(days=SCORING))

    ideas = {i.pk: i for i in idea_data.submitted_ideas(edp)}
    shortlisted = {title for _names, _why, titles in story.themes for title in titles}
    _scores(edp, ideas, shortlisted, story, start)
    _consensus(edp, ideas, story, coordinator, start)
    _decisions(edp, story, coordinator, start)
    _candidates(edp, story, coordinator, start)


def _scores(edp, ideas, shortlisted, story, start) -> None:
    criteria = list(EvaluationCriterion.objects.filter(edp=edp).order_by("position", "id"))
    specs = [CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max) for c in criteria]
    assignments = Assignment.objects.filter(edp=edp, status=Assignment.Status.ACTIVE).order_by("idea_id", "id")
    done = set(
        Evaluation.objects.filter(assignment__edp=edp, status=Evaluation.Status.SUBMITTED).values_list(
            "assignment_id", flat=True
        )
    )
    by_idea: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_idea.setdefault(a.idea_id, []).append(a)
    span = (DEADLINE - SCORING) * 86400
    for group in by_idea.values():
        for index, a in enumerate(group):
            if a.pk in done:
                continue
            idea = ideas[a.idea_id]
            merit = _merit(idea, shortlisted)
            values = {c.pk: _score(merit, a.evaluator_id, c, idea.title == story.disputed, index) for c in criteria}
            evaluation, _created = Evaluation.objects.get_or_create(assignment=a)
            CriterionScore.objects.bulk_create(
                [
                    CriterionScore(
                        evaluation=evaluation,
                        criterion=c,
                        score=values[c.pk],
                        justification=(
                            "Clear evidence in the proposal and the asset inventory."
                            if values[c.pk] == c.scale_max
                            else "The proposal gives no evidence on this point."
                            if values[c.pk] == c.scale_min
                            else ""
                        ),
                    )
                    for c in criteria
                ],
                ignore_conflicts=True,
            )
            evaluation.weighted_score = weighted_score(values, specs)
            evaluation.status = Evaluation.Status.SUBMITTED
            evaluation.submitted_at = start + timedelta(days=SCORING, seconds=span * ((a.pk * 7919) % 1000) / 1000)
            evaluation.comment = "Scored against the smart-specialisation grid."
            evaluation.save()


def _consensus(edp, ideas, story, coordinator, start) -> None:
    disputed = next((i for i in ideas.values() if i.title == story.disputed), None)
    if disputed is None or ConsensusMessage.objects.filter(idea=disputed).exists():
        return
    group = list(Assignment.objects.filter(edp=edp, idea=disputed, status=Assignment.Status.ACTIVE).order_by("id"))
    authors = [group[0].evaluator if group else None, group[1].evaluator if len(group) > 1 else None, coordinator]
    for day, (author, body) in enumerate(zip(authors, story.consensus, strict=True)):
        if author is not None:
            message = ConsensusMessage.objects.create(edp=edp, idea=disputed, author=author, body=body)
            ConsensusMessage.objects.filter(pk=message.pk).update(created_at=start + timedelta(days=DEADLINE + 1 + day))


def _decisions(edp, story, coordinator, start) -> None:
    """Every idea gets a decision: the story's shortlist goes forward, the
    others get feedback (the disputed one after its discussion)."""
    if IdeaDecision.objects.filter(edp=edp).exists():
        return
    shortlisted = {title for _names, _why, titles in story.themes for title in titles}
    if story.disputed_theme is not None:
        shortlisted.add(story.disputed)
    results = [r for r in idea_results(edp) if r.summary.mean is not None]
    decided_at = start + timedelta(days=DECIDED)
    rows = []
    for rank, r in enumerate(results, start=1):
        ranked = f"Ranked {rank} of {len(results)} (mean {r.summary.mean})"
        if r.idea.title == story.disputed:
            ranked += "; the evaluators disagreed and settled it in a consensus discussion"
        if r.idea.title in shortlisted:
            rows.append(
                IdeaDecision(
                    edp=edp,
                    idea=r.idea,
                    outcome=IdeaDecision.Outcome.SHORTLISTED,
                    rationale=f"{ranked}; the panel agreed.",
                    feedback="Your idea goes forward to the public consultation as part of a candidate specialisation.",
                    decided_by=coordinator,
                    decided_at=decided_at,
                )
            )
        else:
            rows.append(
                IdeaDecision(
                    edp=edp,
                    idea=r.idea,
                    outcome=IdeaDecision.Outcome.NOT_RETAINED,
                    rationale=f"{ranked}.",
                    feedback=(
                        "The panel found too little evidence of regional assets and private commitment. "
                        "You are welcome to strengthen it with a university partner and submit to the next call."
                    ),
                    decided_by=coordinator,
                    decided_at=decided_at,
                )
            )
    IdeaDecision.objects.bulk_create(rows)


def _candidates(edp, story, coordinator, start) -> None:
    if CandidateSpecialisation.objects.filter(edp=edp).exists():
        return
    by_title = {
        i.title: i for i in Idea.objects.filter(edp=edp, evaluation_decision__outcome=IdeaDecision.Outcome.SHORTLISTED)
    }
    for position, (names, rationale, titles) in enumerate(story.themes):
        members = [by_title[t] for t in titles if t in by_title]
        if position == story.disputed_theme and story.disputed in by_title:
            members.insert(0, by_title[story.disputed])
        candidate = CandidateSpecialisation(
            edp=edp,
            position=position,
            rationale=rationale,
            description=f"{rationale}\n\nIt brings together these shortlisted ideas:\n\n"
            + "\n".join(f"- {idea.title}" for idea in members),
            created_by=coordinator,
        )
        for lang, text in names.items():
            setattr(candidate, f"title_{lang}", text)
        candidate.save()
        candidate.ideas.set(members)
    CandidateSpecialisation.objects.filter(edp=edp).update(created_at=start + timedelta(days=GROUPED))
