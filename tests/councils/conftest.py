import datetime

import pytest
from django.utils import timezone

from edp.models import EDPRole
from edp.workflow import Stage
from plans.choices import PlanStatus
from stakeholders.choices import Helix, OrganisationKind
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.councils import CouncilFactory, MemberFactory, district
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.plans import ActionPlanFactory
from tests.factories.stakeholders import OrganisationFactory, region

# The roles of issue #15's permission tables.
ROLES = ["anonymous", "resident", "member", "secretary", "coordinator", "other_coordinator", "staff"]


@pytest.fixture
def pavlodar_edp(db):
    return EDPFactory(region=region("pavlodar"), stage=Stage.ACTION_PLANNING, title="Pavlodar EDP")


@pytest.fixture
def council(pavlodar_edp):
    council = CouncilFactory(
        region=pavlodar_edp.region, edp=pavlodar_edp, seats=9, home_district=district("Pavlodar city")
    )
    return council


@pytest.fixture
def draft_plan(pavlodar_edp):
    return ActionPlanFactory(
        priority__edp=pavlodar_edp, edp=pavlodar_edp, status=PlanStatus.IN_CONSULTATION, title="Metals plan"
    )


@pytest.fixture
def cast(council, pavlodar_edp):
    """One person per role (None: anonymous). Coordinators and staff have an
    authenticator (the two-factor gate)."""
    kyzylorda = region("kyzylorda")
    other_edp = EDPFactory(
        region=kyzylorda,
        owner=OrganisationFactory(helix=Helix.GOVERNMENT, kind=OrganisationKind.AKIMAT, region=kyzylorda),
    )
    people = {
        "anonymous": None,
        "resident": UserFactory(region=council.region, display_name="Resident Aliya"),
        "member": MemberFactory(council=council, user=UserFactory(display_name="Member Bolat")).user,
        "secretary": council.secretary,
        "coordinator": EDPRoleFactory(edp=pavlodar_edp, role=EDPRole.Role.COORDINATOR).user,
        "other_coordinator": EDPRoleFactory(edp=other_edp, role=EDPRole.Role.COORDINATOR).user,
        "staff": UserFactory(is_staff=True),
    }
    for key in ("coordinator", "other_coordinator", "staff"):
        give_totp(people[key])
    return people


def soon(**kwargs) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**kwargs)
