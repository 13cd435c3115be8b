"""A withdrawn idea can be submitted again while the call for ideas is open
(journey 2 of the browser suite needs it; the rest of the idea lifecycle is
tested by the edp app's own tests)."""

import pytest

from core.errors import DomainError
from edp import services
from edp.models import Idea
from edp.workflow import Stage
from tests.factories.accounts import UserFactory
from tests.factories.edp import IdeaFactory

pytestmark = pytest.mark.django_db


def test_withdrawn_idea_is_submitted_again_by_its_submitter(edp):
    idea = IdeaFactory(edp=edp, submitted=True)
    services.idea_withdraw(idea=idea, actor=idea.submitter)
    idea.refresh_from_db()
    assert idea.submitter.has_perm("edp.send_idea", idea)
    assert not UserFactory().has_perm("edp.send_idea", idea)

    services.idea_submit(idea=idea, actor=idea.submitter)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED and idea.withdrawn_at is None


def test_withdrawn_idea_cannot_come_back_once_the_call_is_over(edp):
    idea = IdeaFactory(edp=edp, status=Idea.Status.WITHDRAWN)
    edp.stage = Stage.EVALUATION
    edp.save()
    assert not idea.submitter.has_perm("edp.send_idea", idea)
    with pytest.raises(DomainError):
        services.idea_submit(idea=idea, actor=idea.submitter)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN
