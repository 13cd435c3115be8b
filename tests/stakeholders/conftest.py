import pytest

from stakeholders.models import Membership
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

ROLES = ["anonymous", "citizen", "member", "representative", "staff"]


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
    }


@pytest.fixture
def client_as(client, people, login):
    def as_role(role):
        user = people[role]
        if user is not None:
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
