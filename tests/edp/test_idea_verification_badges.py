"""Idea pages mark organisations that are not (or no longer) verified: the
submitting organisation and the partners (templates/edp/idea_*.html)."""

import re

import pytest
from django.urls import reverse

from stakeholders import services as stakeholder_services
from stakeholders.models import Membership, Organisation
from tests.factories.edp import IdeaFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def badge_after(html: str, name: str) -> str:
    """The verification badge rendered right after ``name``."""
    found = re.search(re.escape(name) + r'\s*<span class="badge[^"]*">\s*<i[^>]*></i>\s*([^<]+)</span>', html)
    assert found, f"no badge after {name}"
    return found.group(1).strip()


@pytest.fixture
def renamed(edp):
    """A submitter whose organisation was verified when it submitted, then
    renamed by its representative: back to "not verified" until staff check."""
    org = OrganisationFactory(name="Pavlodar Alloys LLP")
    representative = MembershipFactory(organisation=org, role=Membership.Role.REPRESENTATIVE).user
    idea = IdeaFactory(edp=edp, submitted=True, organisation=org, submitter=representative)
    stakeholder_services.organisation_update(
        actor=representative,
        organisation=org,
        helix=org.helix,
        kind=org.kind,
        region=org.region,
        name_en="Ertis Alloys LLP",
        name_ru=org.name_ru or "",
        name_kk=org.name_kk or "",
    )
    org.refresh_from_db()
    assert org.verification == Organisation.Verification.UNVERIFIED
    return idea


def test_detail_marks_unverified_submitter_and_partners(client, edp, renamed):
    renamed.full_text_public = True  # the public sees the partners too
    renamed.save(update_fields=["full_text_public"])
    renamed.partners.set(
        [
            OrganisationFactory(name="Toraighyrov University"),
            OrganisationFactory(name="Ertis Dross Recyclers", verification=Organisation.Verification.UNVERIFIED),
        ]
    )
    html = client.get(reverse("edp:idea", args=[edp.slug, renamed.pk])).content.decode()
    assert badge_after(html, "Ertis Alloys LLP") == "Not verified"
    assert badge_after(html, "Ertis Dross Recyclers") == "Not verified"
    assert badge_after(html, "Toraighyrov University") == "Verified"


def test_public_list_marks_the_renamed_submitter(client, edp, renamed):
    IdeaFactory(edp=edp, submitted=True, organisation=OrganisationFactory(name="Kazakhstan Aluminium JSC"))
    html = client.get(reverse("edp:ideas", args=[edp.slug])).content.decode()
    assert badge_after(html, "Ertis Alloys LLP") == "Not verified"
    assert badge_after(html, "Kazakhstan Aluminium JSC") == "Verified"


def test_coordinator_list_marks_the_renamed_submitter(client_as, edp, renamed):
    html = client_as("coordinator").get(reverse("edp:idea_manage", args=[edp.slug])).content.decode()
    assert badge_after(html, "Ertis Alloys LLP") == "Not verified"
