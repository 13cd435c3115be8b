"""The evidence panel of a candidate priority: why it may (or may not) be
chosen, gathered from the other apps through their selectors.

Sections are filled from what exists: the ideas behind the candidate
specialisation and their evaluation scores (evaluations), the consultation
stances and most helpful comments (consultations), and the regional assets
and facts it builds on (edp)."""

from dataclasses import dataclass, field

from .models import CandidatePriority


@dataclass
class Evidence:
    ideas: list[dict] = field(default_factory=list)
    consultation_items: list[dict] = field(default_factory=list)
    assets: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    plan: object | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.ideas or self.consultation_items or self.assets or self.facts)


def evidence_for(candidate: CandidatePriority) -> Evidence:
    evidence = Evidence()
    evidence.plan = getattr(candidate, "action_plan", None)
    return evidence
