import pytest

from edp.models import EDPRole
from edp.workflow import Stage
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.priorities import SteeringCommitteeMemberFactory
from tests.factories.stakeholders import MembershipFactory, region

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "evaluator",
    "moderator",
    "steering",
    "coordinator",
    "other_coordinator",
]


@pytest.fixture
def people(edp):
    """One person per role around the test module's ``edp``; the other
    coordinator runs a process in another region."""
    other = EDPFactory(region=region("kyzylorda"), stage=Stage.PRIORITY_SELECTION)
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "stakeholder": MembershipFactory().user,
        "evaluator": EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR).user,
        "moderator": EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR).user,
        "steering": SteeringCommitteeMemberFactory(edp=edp).user,
        "coordinator": EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user,
        "other_coordinator": EDPRoleFactory(edp=other, role=EDPRole.Role.COORDINATOR).user,
    }
    give_totp(users["coordinator"])
    give_totp(users["other_coordinator"])
    return users
