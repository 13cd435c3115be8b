import factory

from edp.models import EDP, EDPRole
from stakeholders.choices import Helix, OrganisationKind

from .accounts import UserFactory
from .stakeholders import OrganisationFactory, region


class EDPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EDP

    region = factory.LazyFunction(region)
    owner = factory.SubFactory(
        OrganisationFactory,
        helix=Helix.GOVERNMENT,
        kind=OrganisationKind.AKIMAT,
        region=factory.SelfAttribute("..region"),
    )
    title = factory.Sequence(lambda n: f"Smart specialisation EDP {n}")
    slug = factory.Sequence(lambda n: f"edp-{n}")
    period_start = 2026
    period_end = 2030


class EDPRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EDPRole

    edp = factory.SubFactory(EDPFactory)
    user = factory.SubFactory(UserFactory)
    role = EDPRole.Role.COORDINATOR
