"""The roles of the permission tables, for one EDP in a chosen stage."""

import pytest

from edp.models import EDPRole
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.stakeholders import MembershipFactory, region

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "evaluator",
    "moderator",
    "coordinator",
    "other_coordinator",
    "staff",  # platform staff: runs the platform, sees no scores (evaluations/rules.py)
]


@pytest.fixture
def edp(db):
    return EDPFactory(stage="evaluation")


@pytest.fixture
def people(db, edp):
    """One user per role of the permission tables (None = anonymous)."""
    stakeholder = MembershipFactory().user
    other_edp = EDPFactory(region=region("kyzylorda"), stage="evaluation")
    cast = {
        "anonymous": None,
        "citizen": UserFactory(),
        "stakeholder": stakeholder,
        "evaluator": EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR).user,
        "moderator": EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR).user,
        "coordinator": EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user,
        "other_coordinator": EDPRoleFactory(edp=other_edp, role=EDPRole.Role.COORDINATOR).user,
        "staff": UserFactory(is_staff=True),
    }
    for key in ("coordinator", "other_coordinator", "staff"):
        give_totp(cast[key])  # coordinators must have a second factor
    return cast


@pytest.fixture
def as_role(client, people):
    def sign_in(role: str):
        client.logout()
        person = people[role]
        if person is not None:
            client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def world(db, edp, people):
    """An EDP in evaluation with a two-criterion grid, one submitted idea by
    an SME, and evaluators: one assigned, one not, one conflicted (member
    of the submitting organisation)."""
    from edp.models import Idea
    from evaluations.models import Assignment
    from tests.factories.edp import IdeaFactory
    from tests.factories.evaluations import EvaluationCriterionFactory
    from tests.factories.stakeholders import OrganisationFactory

    org = OrganisationFactory(name="Irtysh Agro SME")
    submitter = UserFactory(display_name="Submitter Person")
    MembershipFactory(organisation=org, user=submitter)
    idea = IdeaFactory(edp=edp, organisation=org, submitter=submitter, helix="industry", submitted=True)
    c1 = EvaluationCriterionFactory(edp=edp, name="Fit", weight=60, position=0)
    c2 = EvaluationCriterionFactory(edp=edp, name="Market", weight=40, position=1)
    assigned = people["evaluator"]
    assigned.display_name = "Hidden Evaluator Alpha"
    assigned.save()
    other = EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR, user=UserFactory(display_name="Hidden Beta")).user
    conflicted = EDPRoleFactory(
        edp=edp, role=EDPRole.Role.EVALUATOR, user=UserFactory(display_name="Hidden Gamma")
    ).user
    MembershipFactory(organisation=org, user=conflicted)
    assignment = Assignment.objects.create(edp=edp, idea=idea, evaluator=assigned)
    people.update(
        {
            "submitter": submitter,
            "evaluator_unassigned": other,
            "evaluator_conflicted": conflicted,
        }
    )
    return {
        "edp": edp,
        "idea": idea,
        "criteria": [c1, c2],
        "assignment": assignment,
        "org": org,
        "Idea": Idea,
    }


ALL_ROLES = [*ROLES, "submitter", "evaluator_unassigned", "evaluator_conflicted"]
