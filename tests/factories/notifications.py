import factory

from notifications.models import Announcement, Preference

from .accounts import UserFactory
from .stakeholders import region


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    title_en = factory.Sequence(lambda n: f"Announcement {n}")
    title_ru = factory.Sequence(lambda n: f"Объявление {n}")
    title_kk = factory.Sequence(lambda n: f"Хабарландыру {n}")
    body_en = "The call for ideas opens on Monday."
    body_ru = "Приём идей открывается в понедельник."
    body_kk = "Идеялар қабылдау дүйсенбіде ашылады."
    region = factory.LazyFunction(region)
    author = factory.SubFactory(UserFactory, is_staff=True)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    event = "notifications.announcement"
    mode = "digest"
