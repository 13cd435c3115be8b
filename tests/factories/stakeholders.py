import factory

from stakeholders.choices import Helix, OrganisationKind
from stakeholders.models import Membership, Organisation, Region

from .accounts import UserFactory


def region(code: str = "pavlodar") -> Region:
    return Region.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    helix = Helix.INDUSTRY
    kind = OrganisationKind.SME
    region = factory.LazyFunction(region)
    verification = Organisation.Verification.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
