import datetime

import factory
from django.utils import timezone

from councils import sortition
from councils.choices import AgeBand, Gender, SelectedBy
from councils.models import (
    CommissionSeat,
    Council,
    CouncilMember,
    CouncilTerm,
    HearingQuestion,
    Opinion,
    Recommendation,
    Volunteer,
    VolunteerCall,
)
from stakeholders.choices import Helix
from stakeholders.models import District

from .accounts import UserFactory
from .stakeholders import region


def district(name: str = "Pavlodar city", code: str = "pavlodar") -> District:
    return District.objects.get_or_create(region=region(code), name=name, defaults={"name_en": name})[0]


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        skip_postgeneration_save = True

    region = factory.LazyFunction(region)
    slug = factory.Sequence(lambda n: f"council-{n}")
    name = factory.Sequence(lambda n: f"Public council {n}")
    mandate = "Oversees the smart-specialisation strategy."
    seats = 9
    secretary = factory.SubFactory(UserFactory)

    @factory.post_generation
    def term(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            today = timezone.localdate()
            CouncilTerm.objects.create(
                council=obj, number=1, starts_on=today - datetime.timedelta(days=30), ends_on=today.replace(year=today.year + 3)
            )


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    term = factory.LazyAttribute(lambda m: m.council.terms.first())
    user = factory.SubFactory(UserFactory)
    helix = Helix.CIVIL_SOCIETY
    selected_by = SelectedBy.APPOINTED


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerCall

    council = factory.SubFactory(CouncilFactory)
    term = factory.LazyAttribute(lambda c: c.council.terms.first())
    title = factory.Sequence(lambda n: f"Call for volunteers {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    seats_to_fill = 4
    alternates_wanted = 2
    commission_size = 3
    status = VolunteerCall.Status.OPEN
    beacon_source = "drand mainnet, first round after the call closes"
    secret = factory.LazyFunction(sortition.new_secret)
    commitment = factory.LazyAttribute(lambda c: sortition.commitment(c.secret))
    opened_at = factory.LazyFunction(timezone.now)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)
    helix = Helix.CIVIL_SOCIETY
    district = factory.LazyFunction(district)
    gender = Gender.FEMALE
    age_band = AgeBand.ADULT


class CommissionSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionSeat

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)
    helix = Helix.CIVIL_SOCIETY


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    council = factory.SubFactory(CouncilFactory)
    subject_title = "Draft"
    status = Opinion.Status.DRAFT


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    opinion = factory.SubFactory(OpinionFactory)
    text = factory.Sequence(lambda n: f"Recommendation {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HearingQuestion

    author = factory.SubFactory(UserFactory)
    text = "Will the hearing discuss bus routes to Ekibastuz?"
