from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")


class AgeBand(models.TextChoices):
    YOUNG = "18-29", _("18–29")
    ADULT = "30-44", _("30–44")
    MIDDLE = "45-59", _("45–59")
    SENIOR = "60+", _("60 and over")


class QuotaFeature(models.TextChoices):
    """What the selection commission may set quotas on (the pool's published columns)."""

    HELIX = "helix", _("Helix")
    DISTRICT = "district", _("District")
    GENDER = "gender", _("Gender")
    AGE_BAND = "age_band", _("Age band")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    MEMBER = "member", _("Member")


class SelectedBy(models.TextChoices):
    APPOINTED = "appointed", _("Appointed")
    LOT = "lot", _("Drawn by lot")
    ALTERNATE = "alternate", _("Alternate, drawn to fill an empty seat")


class Position(models.TextChoices):
    SUPPORT = "support", _("Support")
    SUPPORT_WITH_RECOMMENDATIONS = "support_with_recommendations", _("Support with recommendations")
    OPPOSE = "oppose", _("Oppose")


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
