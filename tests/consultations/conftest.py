import pytest

from edp.models import EDPRole
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.consultations import ConsultationFactory, ItemFactory
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.stakeholders import MembershipFactory, region

ROLES = [
    "anonymous",
    "unverified",
    "citizen",
    "stakeholder",
    "evaluator",
    "moderator",
    "other_moderator",
    "coordinator",
    "other_coordinator",
]


@pytest.fixture
def edp(db):
    return EDPFactory(stage="consultation")


@pytest.fixture
def other_edp(db):
    return EDPFactory(stage="consultation", region=region("kyzylorda"))


@pytest.fixture
def make_role(edp, other_edp):
    """A user in the named role (None for anonymous)."""

    def make(role: str):
        if role == "anonymous":
            return None
        if role == "unverified":
            return UserFactory(verified=False)
        if role == "citizen":
            return UserFactory(region=region("pavlodar"))
        user = UserFactory(region=region("pavlodar"))
        if role == "stakeholder":
            MembershipFactory(user=user)
        elif role in ("evaluator", "moderator", "coordinator"):
            EDPRoleFactory(edp=edp, user=user, role=role)
        elif role == "other_moderator":
            EDPRoleFactory(edp=other_edp, user=user, role=EDPRole.Role.MODERATOR)
        elif role == "other_coordinator":
            EDPRoleFactory(edp=other_edp, user=user, role=EDPRole.Role.COORDINATOR)
        if role in ("coordinator", "other_coordinator"):
            give_totp(user)  # coordinators must use a second factor
        return user

    return make


@pytest.fixture
def as_role(client, make_role):
    def login(role: str):
        user = make_role(role)
        if user is not None:
            client.force_login(user)
        return client, user

    return login


@pytest.fixture
def consultation(edp):
    return ConsultationFactory(edp=edp)


@pytest.fixture
def item(consultation):
    return ItemFactory(consultation=consultation)


@pytest.fixture
def coordinator(edp):
    user = EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(user)
    return user


@pytest.fixture
def moderator(edp):
    return EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR).user


@pytest.fixture
def resident(db):
    return UserFactory(region=region("pavlodar"))


def consultation_in(state: str, edp):
    kwargs = {
        "open": {},
        "scheduled": {"scheduled": True},
        "closed": {"closed": True},
        "published": {"published": True},
    }
    return ConsultationFactory(edp=edp, **kwargs[state])
