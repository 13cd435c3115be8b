from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from edp.models import (
    EDP,
    AgendaItem,
    AssetDimension,
    EDPRole,
    EDPStage,
    Idea,
    IdeaAttachment,
    Meeting,
    MeetingRegistration,
    RegionalAsset,
    RegionFact,
    RoleInvitation,
    SWOTEntry,
)
from edp.workflow import Stage
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


class EDPStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EDPStage
        django_get_or_create = ("edp", "stage")

    edp = factory.SubFactory(EDPFactory)
    stage = Stage.PREPARATION


class RegionalAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalAsset

    edp = factory.SubFactory(EDPFactory)
    dimension = AssetDimension.ECONOMIC
    title = factory.Sequence(lambda n: f"Regional asset {n}")
    description = "An asset the region can build on."
    is_immobile = True
    evidence_source = "Bureau of National Statistics"
    evidence_figure = "12% of national output"


class SWOTEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SWOTEntry

    edp = factory.SubFactory(EDPFactory)
    quadrant = SWOTEntry.Quadrant.STRENGTH
    text = factory.Sequence(lambda n: f"SWOT entry {n}")
    author = factory.SubFactory(UserFactory)


class RegionFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionFact

    region = factory.LazyFunction(region)
    indicator = factory.Sequence(lambda n: f"Indicator {n}")
    value = Decimal("1234.5")
    unit = "KZT"
    year = 2024
    source = "Bureau of National Statistics"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    edp = factory.SubFactory(EDPFactory)
    kind = Meeting.Kind.FORESIGHT_WORKSHOP
    title = factory.Sequence(lambda n: f"Foresight workshop {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    duration_minutes = 120
    venue = "Toraighyrov University, Lomov St 64, Pavlodar"
    capacity = 30


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    position = factory.Sequence(lambda n: n)


class MeetingRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRegistration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    helix = Helix.CIVIL_SOCIETY
    status = MeetingRegistration.Status.CONFIRMED


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea
        skip_postgeneration_save = True

    edp = factory.SubFactory(EDPFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    summary = "A short summary of the idea."
    activity = "Recycling aluminium smelter dross into refractory materials for local steel plants."
    submitter = factory.SubFactory(UserFactory)
    helix = Helix.CIVIL_SOCIETY
    status = Idea.Status.DRAFT

    class Params:
        submitted = factory.Trait(status=Idea.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def co_authors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.co_authors.set(extracted)

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)

    @factory.post_generation
    def assets(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.assets.set(extracted)


def tiny_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class IdeaAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdeaAttachment

    idea = factory.SubFactory(IdeaFactory)
    file = factory.LazyFunction(lambda: ContentFile(tiny_pdf(), name="upload.pdf"))
    original_name = "business-case.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(tiny_pdf()))
    uploaded_by = factory.SelfAttribute("idea.submitter")


class RoleInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleInvitation

    edp = factory.SubFactory(EDPFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.kz")
    role = EDPRole.Role.EVALUATOR
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
