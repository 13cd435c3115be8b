"""Foresight reopened after scoring began: an idea evaluators have already
submitted scores for can no longer be edited or withdrawn by its authors
(the guard is the evaluations app's, registered for real)."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from edp import services
from edp.models import Idea
from edp.workflow import Stage
from evaluations.models import Evaluation
from tests.factories.edp import IdeaFactory
from tests.factories.evaluations import AssignmentFactory, SubmittedEvaluationFactory

from .conftest import make_edp

pytestmark = pytest.mark.django_db

SCORED = "evaluators have already submitted scores for this idea"


@pytest.fixture
def reopened():
    """Back in foresight after evaluation ran: the call for ideas is open again."""
    return make_edp(Stage.FORESIGHT)


def test_a_scored_idea_cannot_be_edited(reopened):
    idea = IdeaFactory(edp=reopened, submitted=True, title="Dross to refractories")
    SubmittedEvaluationFactory(assignment__idea=idea)
    with pytest.raises(DomainError) as caught:
        services.idea_save(edp=reopened, author=idea.submitter, idea=idea, title="Something else entirely")
    assert str(caught.value) == f"This idea can no longer be edited: {SCORED}."
    idea.refresh_from_db()
    assert idea.title == "Dross to refractories"


def test_a_scored_idea_cannot_be_withdrawn_through_the_page(client, reopened):
    idea = IdeaFactory(edp=reopened, submitted=True)
    SubmittedEvaluationFactory(assignment__idea=idea)
    client.force_login(idea.submitter)
    page = client.post(reverse("edp:idea_withdraw", args=[reopened.slug, idea.pk]), follow=True)
    assert f"This idea can no longer be withdrawn: {SCORED}." in page.content.decode()
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED


def test_draft_scores_do_not_lock_an_idea(reopened):
    idea = IdeaFactory(edp=reopened, submitted=True)
    Evaluation.objects.create(assignment=AssignmentFactory(idea=idea))  # an evaluator's unsubmitted draft
    services.idea_save(edp=reopened, author=idea.submitter, idea=idea, title="Sharper title")
    services.idea_withdraw(idea=idea, actor=idea.submitter)
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Sharper title", Idea.Status.WITHDRAWN)
