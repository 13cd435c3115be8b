from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_CONSULTATION = "in_consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    MONITORED = "monitored", _("Monitored")


class PolicyArea(models.TextChoices):
    EDUCATION = "education", _("Education and skills")
    RESEARCH = "research", _("Research and innovation")
    COMPETITIVENESS = "competitiveness", _("Firm competitiveness and SMEs")
    FINANCE = "finance", _("Finance and investment")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure and connectivity")
    URBAN = "urban", _("Urban planning and land use")
    VISIBILITY = "visibility", _("International visibility and attractiveness")
    TOURISM = "tourism", _("Tourism")
    GOVERNANCE = "governance", _("Governance and co-ordination")
    OTHER = "other", _("Other")


class BudgetSource(models.TextChoices):
    REGIONAL = "regional", _("Regional budget")
    NATIONAL = "national", _("National programme")
    PRIVATE = "private", _("Private")
    INTERNATIONAL = "international", _("International")
    OTHER = "other", _("Other")


class Instrument(models.TextChoices):
    """Existing national and regional instruments an action can draw on, so
    plans build on what exists instead of inventing parallel schemes."""

    NONE = "", _("None (a new tool)")
    BUSINESS_ROAD_MAP = "business_road_map", _("Business Road Map financing")
    SPIID = "spiid", _("State programme of industrial-innovative development (SPIID)")
    DAMU = "damu", _("Damu entrepreneurship development fund")
    QAZINDUSTRY = "qazindustry", _("QazIndustry export and industry support")
    ENBEK = "enbek", _("Enbek employment and skills programme")
    REGIONAL_PROGRAMME = "regional_programme", _("Regional development programme")
    OTHER = "other", _("Other existing instrument")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


class IndicatorType(models.TextChoices):
    INPUT = "input", _("Input (resources used)")
    OUTPUT = "output", _("Output (what was delivered)")
    OUTCOME = "outcome", _("Outcome (what changed)")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    TWICE_MONTHLY = "twice_monthly", _("Twice a month")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


# Reporting more often than this is the Kostanay "tick the box" trap (DOMAIN.md).
TOO_FREQUENT = frozenset({Frequency.WEEKLY, Frequency.TWICE_MONTHLY})


class NationalProgramme(models.TextChoices):
    NONE = "", _("None")
    STRATEGY_2025 = "strategy_2025", _("Strategic Development Plan to 2025")
    SPIID = "spiid", _("SPIID (industrial-innovative development)")
    BUSINESS_ROAD_MAP = "business_road_map", _("Business Road Map")
    FORECAST_SCHEME = "forecast_scheme", _("Forecast Scheme of Territorial-Spatial Development")


class SteeringRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARIAT = "secretariat", _("Secretariat")
