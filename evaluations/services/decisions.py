"""The coordinator's decisions: shortlist, not retained (with feedback to
the submitter), candidate specialisations grouping shortlisted ideas, and
the private consensus discussion of flagged ideas."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.errors import DomainError
from edp.models import EDP, Idea

from .. import notify
from ..models import CandidateSpecialisation, ConsensusMessage, IdeaDecision
from ..rules import SHORTLISTING_STAGE, refuse_unless


def _check_stage(edp: EDP) -> None:
    refuse_unless(SHORTLISTING_STAGE, edp)


@transaction.atomic
def decision_record(*, actor, edp: EDP, idea_id: int, outcome: str, rationale: str, feedback: str = "") -> IdeaDecision:
    """Shortlist an idea or mark it not retained. Every decision states its
    rationale; "not retained" also owes the submitter feedback. Changing a
    decision is allowed and kept in the history; the authors are told."""
    _check_stage(edp)
    idea = Idea.objects.select_for_update().filter(edp=edp, pk=idea_id, status=Idea.Status.SUBMITTED).first()
    if idea is None:
        raise DomainError(_("This idea is not a submitted idea of this EDP."), code="idea")
    if outcome not in IdeaDecision.Outcome.values:
        raise DomainError(_("Choose a decision."), field="outcome", code="outcome")
    if not rationale.strip():
        raise DomainError(_("Record the rationale of the decision."), field="rationale", code="rationale")
    if outcome == IdeaDecision.Outcome.NOT_RETAINED and not feedback.strip():
        raise DomainError(
            _("Tell the submitter why the idea is not retained: feedback is required."),
            field="feedback",
            code="feedback",
        )
    decision, _created = IdeaDecision.objects.update_or_create(
        idea=idea,
        defaults={
            "edp": edp,
            "outcome": outcome,
            "rationale": rationale.strip(),
            "feedback": feedback.strip(),
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    if outcome == IdeaDecision.Outcome.NOT_RETAINED:
        # An idea that is not retained cannot stay in a candidate specialisation.
        for candidate in CandidateSpecialisation.objects.filter(edp=edp, ideas=idea):
            candidate.ideas.remove(idea)
    notify.decided(decision, actor=actor)
    return decision


@transaction.atomic
def candidate_save(
    *,
    actor,
    edp: EDP,
    candidate_id: int | None,
    title: str,
    description: str,
    rationale: str,
    idea_ids: Sequence[int],
) -> CandidateSpecialisation:
    """Create or change a candidate specialisation grouping shortlisted
    ideas of this EDP."""
    _check_stage(edp)
    if not title.strip():
        raise DomainError(_("Give the candidate specialisation a title."), field="title", code="title")
    if not rationale.strip():
        raise DomainError(_("Record why these ideas belong together."), field="rationale", code="rationale")
    ids = set(idea_ids)
    if not ids:
        raise DomainError(_("Group at least one shortlisted idea."), field="ideas", code="ideas")
    shortlisted = set(
        IdeaDecision.objects.filter(edp=edp, idea_id__in=ids, outcome=IdeaDecision.Outcome.SHORTLISTED).values_list(
            "idea_id", flat=True
        )
    )
    if ids - shortlisted:
        raise DomainError(_("Only shortlisted ideas of this EDP can be grouped."), field="ideas", code="ideas")
    if candidate_id is None:
        position = CandidateSpecialisation.objects.filter(edp=edp).count()
        candidate = CandidateSpecialisation(edp=edp, created_by=actor, position=position)
    else:
        candidate = CandidateSpecialisation.objects.select_for_update().filter(edp=edp, pk=candidate_id).first()
        if candidate is None:
            raise DomainError(_("This candidate specialisation does not exist."), code="missing")
    candidate.title = title.strip()
    candidate.description = description.strip()
    candidate.rationale = rationale.strip()
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise DomainError(
            _("Another candidate specialisation already has this title."), field="title", code="duplicate"
        )
    candidate.ideas.set(sorted(ids))
    return candidate


@transaction.atomic
def candidate_delete(*, actor, edp: EDP, candidate_id: int) -> None:
    _check_stage(edp)
    deleted, _rows = CandidateSpecialisation.objects.filter(edp=edp, pk=candidate_id).delete()
    if not deleted:
        raise DomainError(_("This candidate specialisation does not exist."), code="missing")


@transaction.atomic
def consensus_post(*, actor, edp: EDP, idea_id: int, body: str) -> ConsensusMessage:
    """A message in the consensus discussion of an idea. Its evaluators take
    part only once they have submitted (before that, the discussion would
    reveal the others' views); coordinators always."""
    idea = Idea.objects.filter(edp=edp, pk=idea_id).first()
    if idea is None:
        raise DomainError(_("This idea does not exist."), code="idea")
    permissions.require(actor, "evaluations.discuss", idea)
    body = body.strip()
    if not body:
        raise DomainError(_("Write a message."), field="body", code="empty")
    return ConsensusMessage.objects.create(edp=edp, idea=idea, author=actor, body=body)
