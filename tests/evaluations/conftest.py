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
    }
    for key in ("coordinator", "other_coordinator"):
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
