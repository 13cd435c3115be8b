"""The evidence panel of a candidate priority: why it may (or may not) be
chosen, gathered from the other apps through their selectors.

Sections are filled from what exists: the ideas behind the candidate
specialisation and their evaluation scores (evaluations), the consultation
stances and most helpful comments (consultations), the regional assets
those ideas build on, and the region facts the coordinator chose as
supporting it (edp). A candidate added by hand has no specialisation, so
only its chosen region facts speak for it.

Scores are aggregates only (mean, median, spread, count): who evaluated and
what each evaluator gave stay with the evaluation panel. The whole panel
takes a fixed number of queries, whatever the number of ideas, stances and
comments."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from consultations import selectors as consultation_selectors
from consultations.models import Comment, ConsultationItem
from core import permissions
from edp.models import RegionalAsset, RegionFact
from evaluations import selectors as evaluation_selectors
from evaluations.aggregation import IdeaSummary
from evaluations.models import CandidateSpecialisation

from .models import CandidatePriority

TOP_COMMENTS = 5


@dataclass(frozen=True)
class IdeaEvidence:
    title: str
    organisation: str  # empty when a person submitted it on their own
    helix: str  # label, in the reader's language
    url: str | None  # None when the reader may not open the idea
    scores: IdeaSummary


@dataclass
class ConsultationEvidence:
    items: list[ConsultationItem]
    counts: dict[str, int]  # position → stances over all items
    chart: dict  # stances by helix, Chart.js-ready with a table's rows
    comments: list[Comment]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Evidence:
    specialisation: CandidateSpecialisation | None = None
    ideas: list[IdeaEvidence] = field(default_factory=list)
    consultation: ConsultationEvidence | None = None
    assets: list[RegionalAsset] = field(default_factory=list)
    facts: list[RegionFact] = field(default_factory=list)
    plan: object | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.ideas or self.consultation or self.assets or self.facts)

    @property
    def score_mean(self) -> Decimal | None:
        """The mean of the ideas' mean scores (ideas not yet scored left out)."""
        means = [i.scores.mean for i in self.ideas if i.scores.mean is not None]
        return (sum(means, Decimal(0)) / len(means)).quantize(Decimal("0.01")) if means else None

    @property
    def evaluation_count(self) -> int:
        return sum(i.scores.count for i in self.ideas)


def _ideas(candidate: CandidatePriority, specialisation: CandidateSpecialisation, user) -> tuple[list, list]:
    edp = candidate.edp
    results = evaluation_selectors.idea_results(edp, specialisation=specialisation)
    ideas, assets = [], {}
    for result in results:
        idea = result.idea
        idea.edp = edp  # shared instance: no query per idea for the permission check
        ideas.append(
            IdeaEvidence(
                title=idea.title,
                organisation=idea.organisation.name if idea.organisation_id else "",
                helix=idea.get_helix_display(),
                url=reverse("edp:idea", kwargs={"slug": edp.slug, "pk": idea.pk})
                if permissions.check(user, "edp.view_idea", idea)
                else None,
                scores=result.summary,
            )
        )
        for asset in idea.assets.all():
            assets.setdefault(asset.pk, asset)
    return ideas, sorted(assets.values(), key=lambda a: (a.dimension, a.title))


def _consultation(specialisation: CandidateSpecialisation) -> ConsultationEvidence | None:
    items = consultation_selectors.items_about(specialisation)
    if not items:
        return None
    # From the items' counters (kept exact with every stance), like the item
    # page: no count of stance rows, and the same source as the totals.
    by_helix: dict[str, dict[str, int]] = {}
    for item in items:
        for helix, positions in item.stances_by_helix().items():
            for position, n in positions.items():
                by_helix.setdefault(helix, {}).setdefault(position, 0)
                by_helix[helix][position] += n
    return ConsultationEvidence(
        items=items,
        counts={
            "support": sum(i.support_count for i in items),
            "neutral": sum(i.neutral_count for i in items),
            "oppose": sum(i.oppose_count for i in items),
        },
        chart=consultation_selectors.helix_chart(by_helix),
        comments=consultation_selectors.most_helpful_comments(items, limit=TOP_COMMENTS),
    )


def evidence_for(candidate: CandidatePriority, user) -> Evidence:
    evidence = Evidence(specialisation=candidate.specialisation)
    evidence.plan = getattr(candidate, "action_plan", None)
    if candidate.specialisation is not None:
        evidence.ideas, evidence.assets = _ideas(candidate, candidate.specialisation, user)
        evidence.consultation = _consultation(candidate.specialisation)
    # Only the facts the coordinator chose as supporting it: every statistic
    # of the region next to every candidate would argue for none of them.
    evidence.facts = list(candidate.supporting_facts.all())
    return evidence
