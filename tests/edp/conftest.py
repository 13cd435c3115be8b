import pytest

from edp.models import EDPRole
from edp.workflow import Stage
from stakeholders.choices import Helix, OrganisationKind
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory, EDPStageFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "evaluator",
    "moderator",
    "facilitator",
    "coordinator",
    "other_coordinator",
]


def make_edp(stage: str = Stage.FORESIGHT, **kwargs):
    edp = EDPFactory(stage=stage, **kwargs)
    for s in Stage:
        EDPStageFactory(edp=edp, stage=s)
    return edp


@pytest.fixture
def edp(db):
    return make_edp()


@pytest.fixture
def other_edp(db):
    kyzylorda = region("kyzylorda")
    return make_edp(
        region=kyzylorda,
        owner=OrganisationFactory(helix=Helix.GOVERNMENT, kind=OrganisationKind.AKIMAT, region=kyzylorda),
    )


@pytest.fixture
def cast(edp, other_edp):
    """One person per role of the permission tables (None = anonymous)."""
    people = {"anonymous": None, "citizen": UserFactory()}
    stakeholder = UserFactory()
    MembershipFactory(user=stakeholder, organisation=OrganisationFactory(helix=Helix.INDUSTRY))
    people["stakeholder"] = stakeholder
    for role in ("evaluator", "moderator", "facilitator", "coordinator"):
        people[role] = EDPRoleFactory(edp=edp, role=role).user
    people["other_coordinator"] = EDPRoleFactory(edp=other_edp, role=EDPRole.Role.COORDINATOR).user
    for key in ("coordinator", "other_coordinator"):
        give_totp(people[key])
    return people


@pytest.fixture
def client_as(client, cast):
    def login_as(role: str):
        person = cast[role]
        client.logout()
        if person is not None:
            client.force_login(person)
        return client

    return login_as


@pytest.fixture
def edp_preconditions_only(monkeypatch):
    """Only this app's own stage preconditions (other modules declare theirs,
    e.g. evaluations wants criteria before evaluation; their tests cover them)."""
    from core import modules

    own = modules.preconditions
    monkeypatch.setattr(
        modules,
        "preconditions",
        lambda stage: [check for check in own(stage) if check.__module__ == "edp.preconditions"],
    )
