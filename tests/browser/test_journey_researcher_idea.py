"""Journey 2: a university researcher tries to register their university,
finds it is already registered and asks to join it instead; its
representative approves; the researcher then submits an idea on its behalf,
with a PDF attachment and a partner organisation, during the call for ideas,
withdraws it and submits it again."""

import re

import pytest
from playwright.sync_api import expect

from edp.workflow import Stage
from stakeholders.choices import Helix, OrganisationKind
from stakeholders.models import Membership
from tests.browser.conftest import unlabelled_controls
from tests.browser.helpers import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.edp import EDPFactory, RegionalAssetFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region
from tests.uploads_samples import pdf

pytestmark = pytest.mark.django_db(transaction=True)

IDEA = "Refractory bricks from smelter dross"


def test_researcher_joins_university_and_submits_withdraws_resubmits_idea(page, page_as, tmp_path):
    pavlodar = region()
    edp = EDPFactory(title="Pavlodar smart specialisation 2026–2030", stage=Stage.FORESIGHT)
    RegionalAssetFactory(edp=edp, title="Aluminium smelter by-products")
    university = OrganisationFactory(
        name="Toraighyrov University", helix=Helix.ACADEMIA, kind=OrganisationKind.UNIVERSITY
    )
    representative = MembershipFactory(
        organisation=university,
        user=UserFactory(display_name="Askar Representative"),
        role=Membership.Role.REPRESENTATIVE,
    ).user
    OrganisationFactory(name="Institute of Metallurgy", helix=Helix.ACADEMIA, kind=OrganisationKind.RESEARCH_INSTITUTE)
    researcher = UserFactory(display_name="Dana Researcher", region=pavlodar)

    sign_in(page, email=researcher.email, password=PASSWORD)

    # Registering the university: the directory already has it.
    page.get_by_role("link", name="Stakeholders").click()
    page.get_by_role("link", name=re.compile("Register an organisation")).click()
    page.get_by_label("Name in English").fill("Toraighyrov University")
    page.get_by_label("Helix").select_option(label="Academia and research")
    page.get_by_label("Kind of organisation").select_option(label="University")
    page.get_by_label("Region").select_option(label=pavlodar.name)
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("Toraighyrov University is already in the directory")

    # ... so the researcher asks to join it.
    page.get_by_role("link", name="Open it and ask to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toraighyrov University")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request to join Toraighyrov University was sent")).to_be_visible()
    expect(page.get_by_text("Your request to join is waiting for a representative.")).to_be_visible()

    # Its representative approves the request from "My organisations".
    rep_page = page_as(representative)
    rep_page.goto("/")
    rep_page.get_by_role("link", name="My organisations").click()
    rep_page.get_by_role("button", name="Approve Dana Researcher").click()
    expect(rep_page.get_by_text("Dana Researcher is now a member.")).to_be_visible()

    page.reload()
    expect(page.get_by_text("You are a member of this organisation (Member).")).to_be_visible()

    # The call for ideas of the Pavlodar EDP is open.
    page.get_by_role("link", name="Processes").first.click()
    page.get_by_role("link", name=edp.title).click()
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Ideas").click()
    page.get_by_role("link", name="Propose an idea").click()
    page.get_by_label("Title").fill(IDEA)
    page.get_by_label("Summary").fill("Turn the dross the smelter landfills into bricks for Pavlodar's steel furnaces.")
    page.get_by_label("Proposed activity").fill(
        "A pilot line at the university that recycles aluminium dross into refractory bricks."
    )
    page.get_by_label("Submitted on behalf of").select_option(label="Toraighyrov University")
    page.get_by_label("Aluminium smelter by-products").check()
    page.get_by_label("Partner organisations").select_option(label="Institute of Metallurgy")
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    # Files are attached to the saved draft: a real PDF, checked by content.
    business_case = tmp_path / "business-case.pdf"
    business_case.write_bytes(pdf())
    page.get_by_label(re.compile(r"^Attachment\W*$")).set_input_files(str(business_case))
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_text("File attached.")).to_be_visible()
    expect(page.get_by_role("link", name="business-case.pdf")).to_be_visible()

    page.get_by_role("button", name="Submit the idea").click()
    expect(page.get_by_text("Your idea is submitted. Thank you!")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)
    expect(page.get_by_text(re.compile(r"Toraighyrov University\s+Verified\s+· Academia and research"))).to_be_visible()
    partners = page.get_by_role("heading", name="Partner organisations")
    expect(partners).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Institute of Metallurgy")).to_be_visible()

    # Withdrawn after a confirmation, then submitted again while the call is open.
    page.get_by_role("button", name="Withdraw", exact=True).click()
    expect(page.get_by_text("Your idea is withdrawn.")).to_be_visible()
    assert page.dialogs == ["Withdraw this idea? It will no longer be evaluated."]
    expect(page.get_by_text("Withdrawn", exact=True)).to_be_visible()

    page.get_by_role("button", name="Submit the idea").click()
    expect(page.get_by_text("Your idea is submitted. Thank you!")).to_be_visible()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()

    # The public list of the call shows it, on behalf of the university.
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Ideas").click()
    submitted = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=IDEA))
    expect(submitted).to_contain_text("Toraighyrov University")
    assert page.console_errors == []
