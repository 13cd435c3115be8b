import pytest

from stakeholders.models import Membership
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

ROLES = ["anonymous", "citizen", "member", "representative", "staff", "coordinator", "coordinator_other"]


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Ertis Agro", bin="")


@pytest.fixture
def people(org):
    """One person per platform role, relative to ``org``."""
    member = MembershipFactory(organisation=org).user
    representative = MembershipFactory(organisation=org, role=Membership.Role.REPRESENTATIVE).user
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "member": member,
        "representative": representative,
        "staff": UserFactory(is_staff=True),
        # coordinator of an EDP in the organisation's region, and of another region's
        "coordinator": EDPRoleFactory(edp=EDPFactory(region=org.region), role="coordinator").user,
        "coordinator_other": EDPRoleFactory(edp=EDPFactory(region=region("kyzylorda")), role="coordinator").user,
    }


@pytest.fixture
def client_as(client, people, login):
    def as_role(role):
        user = people[role]
        if user is not None:
            if role.startswith("coordinator"):
                give_totp(user)  # coordinators must use MFA
            login(user)
        return client, user

    return as_role


def make_organisations(n: int, *, members: int = 1) -> None:
    """n organisations, each with a representative and ``members`` members
    (for query-count tests: the bound must not move with n)."""
    for _ in range(n):
        organisation = OrganisationFactory()
        MembershipFactory(organisation=organisation, role=Membership.Role.REPRESENTATIVE)
        for _ in range(members):
            MembershipFactory(organisation=organisation)
