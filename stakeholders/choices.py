from django.db import models
from django.utils.translation import gettext_lazy as _


class Helix(models.TextChoices):
    """The quadruple helix of smart specialisation (DOMAIN.md)."""

    GOVERNMENT = "government", _("Government")
    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia and research")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class OrganisationKind(models.TextChoices):
    # government
    AKIMAT = "akimat", _("Akimat")
    AKIMAT_DEPARTMENT = "akimat_department", _("Akimat department")
    NATIONAL_AGENCY = "national_agency", _("National agency")
    MASLIKHAT = "maslikhat", _("Maslikhat (local assembly)")
    PUBLIC_COUNCIL = "public_council", _("Public council")
    # industry
    SME = "sme", _("Small or medium enterprise")
    LARGE_COMPANY = "large_company", _("Large company")
    BUSINESS_ASSOCIATION = "business_association", _("Business association")
    CHAMBER = "chamber", _("Chamber of entrepreneurs")
    # academia
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    TECHNOLOGY_TRANSFER_OFFICE = "tto", _("Technology transfer office")
    TECHNOLOGY_PARK = "technology_park", _("Technology park")
    # civil society
    NGO = "ngo", _("Non-governmental organisation")
    COMMUNITY_GROUP = "community_group", _("Community group")


KINDS_BY_HELIX: dict[str, list[str]] = {
    Helix.GOVERNMENT: [
        OrganisationKind.AKIMAT,
        OrganisationKind.AKIMAT_DEPARTMENT,
        OrganisationKind.NATIONAL_AGENCY,
        OrganisationKind.MASLIKHAT,
        OrganisationKind.PUBLIC_COUNCIL,
    ],
    Helix.INDUSTRY: [
        OrganisationKind.SME,
        OrganisationKind.LARGE_COMPANY,
        OrganisationKind.BUSINESS_ASSOCIATION,
        OrganisationKind.CHAMBER,
    ],
    Helix.ACADEMIA: [
        OrganisationKind.UNIVERSITY,
        OrganisationKind.RESEARCH_INSTITUTE,
        OrganisationKind.TECHNOLOGY_TRANSFER_OFFICE,
        OrganisationKind.TECHNOLOGY_PARK,
    ],
    Helix.CIVIL_SOCIETY: [OrganisationKind.NGO, OrganisationKind.COMMUNITY_GROUP],
}
HELIX_OF_KIND: dict[str, str] = {kind: helix for helix, kinds in KINDS_BY_HELIX.items() for kind in kinds}
