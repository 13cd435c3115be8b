"""Entering public consultation: something to consult on, and a decision on
every submitted idea (evaluations/preconditions.py, registered for real)."""

import pytest
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.models import StageTransition
from edp.workflow import Stage
from evaluations.models import IdeaDecision
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPFactory, IdeaFactory
from tests.factories.evaluations import CandidateSpecialisationFactory

pytestmark = pytest.mark.django_db


def decide(idea, outcome=IdeaDecision.Outcome.SHORTLISTED):
    return IdeaDecision.objects.create(
        edp=idea.edp, idea=idea, outcome=outcome, rationale="Scored well.", decided_at=timezone.now()
    )


def test_consultation_refused_without_candidates_and_with_undecided_ideas():
    edp = EDPFactory(stage=Stage.EVALUATION)
    IdeaFactory(edp=edp, submitted=True)
    IdeaFactory(edp=edp, submitted=True)
    IdeaFactory(edp=edp)  # a draft needs no decision
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.CONSULTATION)
    assert str(caught.value) == (
        "Cannot start the public consultation: there is no candidate specialisation to consult on; group "
        "shortlisted ideas first; 2 submitted ideas have no decision yet (shortlisted or not retained)"
    )
    assert not StageTransition.objects.filter(edp=edp).exists()


def test_consultation_refused_while_one_idea_is_undecided():
    edp = EDPFactory(stage=Stage.EVALUATION)
    decide(IdeaFactory(edp=edp, submitted=True))
    IdeaFactory(edp=edp, submitted=True)
    CandidateSpecialisationFactory(edp=edp)
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.CONSULTATION)
    assert str(caught.value) == (
        "Cannot start the public consultation: 1 submitted idea has no decision yet (shortlisted or not retained)"
    )


def test_consultation_allowed_with_a_candidate_and_every_idea_decided():
    edp = EDPFactory(stage=Stage.EVALUATION)
    decide(IdeaFactory(edp=edp, submitted=True))
    decide(IdeaFactory(edp=edp, submitted=True), IdeaDecision.Outcome.NOT_RETAINED)
    IdeaFactory(edp=edp, status="withdrawn")  # withdrawn by its authors: nothing to decide
    CandidateSpecialisationFactory(edp=edp)
    services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.CONSULTATION)
    edp.refresh_from_db()
    assert edp.stage == Stage.CONSULTATION
