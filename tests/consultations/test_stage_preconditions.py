"""Entering priority selection: the consultation on the candidate
specialisations has closed (consultations/preconditions.py, registered for
real). Its report may come later."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.models import StageTransition
from edp.workflow import Stage
from tests.factories.accounts import UserFactory
from tests.factories.consultations import ConsultationFactory, ItemFactory
from tests.factories.edp import EDPFactory
from tests.factories.evaluations import CandidateSpecialisationFactory

pytestmark = pytest.mark.django_db


def consult_on_candidates(edp, **traits):
    consultation = ConsultationFactory(edp=edp, title="Which specialisations?", **traits)
    ItemFactory(consultation=consultation, source=CandidateSpecialisationFactory(edp=edp))
    return consultation


def refusal(edp) -> str:
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.PRIORITY_SELECTION)
    assert not StageTransition.objects.filter(edp=edp).exists()
    return str(caught.value)


def test_priority_selection_refused_without_a_consultation_on_the_candidates():
    edp = EDPFactory(stage=Stage.CONSULTATION)
    # A closed consultation on something else (typed items) does not count.
    ItemFactory(consultation=ConsultationFactory(edp=edp, closed=True))
    assert refusal(edp) == (
        "Cannot start priority selection: the candidate specialisations have not been put to a public consultation"
    )


def test_priority_selection_refused_while_the_consultation_runs():
    edp = EDPFactory(stage=Stage.CONSULTATION)
    closes = timezone.make_aware(datetime(timezone.now().year + 1, 3, 14, 18, 0))
    consult_on_candidates(edp, closes_at=closes)
    assert refusal(edp) == (
        "Cannot start priority selection: the consultation “Which specialisations?” on the candidate "
        "specialisations is still running until 14 March"
    )


def test_priority_selection_refused_before_the_consultation_has_even_opened():
    edp = EDPFactory(stage=Stage.CONSULTATION)
    year = timezone.now().year + 1
    consult_on_candidates(
        edp,
        opens_at=timezone.make_aware(datetime(year, 2, 1, 9, 0)),
        closes_at=timezone.make_aware(datetime(year, 3, 14, 18, 0)),
    )
    assert refusal(edp) == (
        "Cannot start priority selection: the consultation “Which specialisations?” on the candidate "
        "specialisations opens on 1 February and runs until 14 March"
    )


def test_priority_selection_allowed_once_closed_even_before_the_report():
    edp = EDPFactory(stage=Stage.CONSULTATION)
    consultation = consult_on_candidates(edp, closed=True)
    assert consultation.report_published_at is None
    services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.PRIORITY_SELECTION)
    edp.refresh_from_db()
    assert edp.stage == Stage.PRIORITY_SELECTION


def test_priority_selection_allowed_after_an_early_close():
    edp = EDPFactory(stage=Stage.CONSULTATION)
    consult_on_candidates(edp, closed_early_at=timezone.now() - timedelta(minutes=5))
    services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.PRIORITY_SELECTION)
    edp.refresh_from_db()
    assert edp.stage == Stage.PRIORITY_SELECTION
