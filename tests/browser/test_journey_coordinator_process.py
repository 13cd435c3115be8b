"""Journey 3: a coordinator (akimat staff, signing in with a second factor)
starts an EDP for a pilot region, is refused the next stage with the reason
shown, fixes it, schedules a foresight workshop, invites an evaluator who
accepts, and moves the process through foresight into idea evaluation and,
once refused until every idea is decided and grouped, public consultation."""

import re

import pytest
from django.utils.timezone import now
from playwright.sync_api import expect

from edp.models import EDP
from evaluations.models import IdeaDecision
from stakeholders.choices import Helix, OrganisationKind
from tests.browser.conftest import unlabelled_controls
from tests.browser.helpers import sign_in
from tests.factories.accounts import PASSWORD, UserFactory, give_totp
from tests.factories.edp import IdeaFactory
from tests.factories.evaluations import CandidateSpecialisationFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Pavlodar Region smart specialisation 2027–2031"


def start_next_stage(page):
    page.get_by_role("button", name="Start the next stage").click()


def next_stage_refused(page, refusal: str, reasons: list[str], still_in: str) -> None:
    """Try the next stage: refused with every reason shown, and nothing moves."""
    start_next_stage(page)
    shown = page.get_by_role("status").filter(has_text=refusal)
    expect(shown).to_be_visible()
    for reason in reasons:
        expect(shown).to_contain_text(reason)
    expect(page.locator("[aria-current=step]")).to_contain_text(still_in)


def test_coordinator_creates_process_and_moves_it_through_stages(page, page_as):
    pavlodar = region()
    akimat = OrganisationFactory(name="Akimat of Pavlodar Region", helix=Helix.GOVERNMENT, kind=OrganisationKind.AKIMAT)
    coordinator = MembershipFactory(organisation=akimat, user=UserFactory(display_name="Gulnara Coordinator")).user
    secret = give_totp(coordinator)
    evaluator = UserFactory(display_name="Saule Evaluator", email="saule@example.kz")

    sign_in(page, email=coordinator.email, password=PASSWORD, totp_secret=secret)

    # A new process for the pilot region, owned by the akimat.
    page.get_by_role("link", name="Processes").first.click()
    page.get_by_role("link", name="Start a process").click()
    page.get_by_label("Region").select_option(label=pavlodar.name)
    page.get_by_label("Owning akimat").select_option(label="Akimat of Pavlodar Region")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Public address").fill("pavlodar-2027")
    page.get_by_label("Period start year").fill("2027")
    page.get_by_label("Period end year").fill("2031")
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_text("The process is created, in preparation.")).to_be_visible()
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("[aria-current=step]")).to_contain_text("Preparation")

    # Foresight may not start before the region's assets are inventoried: the
    # page says so, and so does the refusal.
    expect(page.get_by_text("the regional assets inventory is empty").first).to_be_visible()
    start_next_stage(page)
    expect(
        page.get_by_role("status").filter(
            has_text="Cannot open technological foresight: the regional assets inventory is empty"
        )
    ).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Preparation")

    page.get_by_role("link", name="Regional assets").click()
    page.get_by_role("link", name="Add an asset").click()
    page.get_by_label("Dimension").select_option(label="Economic")
    page.get_by_label("Title").fill("Aluminium and ferroalloy smelting")
    page.get_by_label("Relatively immobile").check()
    page.get_by_label("Evidence: source").fill("Bureau of National Statistics")
    page.get_by_label("Evidence: figure").fill("42% of national aluminium output")
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Economic")).to_be_visible()
    expect(page.get_by_role("heading", name="Aluminium and ferroalloy smelting")).to_be_visible()

    # A foresight workshop.
    page.get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Type").select_option(label="Foresight workshop")
    page.get_by_label("Title").fill("Metallurgy 2040 foresight workshop")
    page.get_by_label("Starts at").fill("2027-02-10T10:00")
    page.get_by_label("Venue").fill("Toraighyrov University, Lomov St 64, Pavlodar")
    page.get_by_label("Capacity").fill("40")
    page.get_by_label("Agenda").fill("Trends in metallurgy\nScenarios for 2040\nIdeas for the call")
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Metallurgy 2040 foresight workshop")
    expect(page.get_by_text("Scenarios for 2040")).to_be_visible()

    # An evaluator is invited by email address.
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="People and roles").click()
    page.get_by_label("Email address").fill("saule@example.kz")
    page.get_by_role("combobox", name="Role").select_option(label="Evaluator")
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to saule@example.kz.")).to_be_visible()

    # ... who finds the invitation among their notifications and accepts it.
    evaluator_page = page_as(evaluator)
    evaluator_page.goto("/")
    evaluator_page.get_by_role("link", name=re.compile("Notifications")).click()
    evaluator_page.get_by_role("button", name=re.compile("invit", re.I)).first.click()
    expect(evaluator_page.get_by_text(re.compile(f"invited to take part in “{TITLE}”"))).to_be_visible()
    evaluator_page.get_by_role("button", name="Accept the invitation").click()
    expect(evaluator_page.get_by_text(f"You are now evaluator in “{TITLE}”.")).to_be_visible()

    page.reload()
    expect(page.get_by_role("row").filter(has_text="saule@example.kz").first).to_contain_text("Evaluator")

    # Into foresight: the call for ideas opens.
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Overview").click()
    expect(page.get_by_text("The next stage cannot start yet")).to_be_hidden()
    start_next_stage(page)
    expect(page.get_by_text("The process is now in the stage “Technological foresight”.")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Technological foresight")

    # Evaluation needs submitted ideas and criteria whose weights total 100%.
    next_stage_refused(
        page,
        "Cannot start idea evaluation",
        ["no submitted ideas", "no evaluation criteria are defined"],
        still_in="Technological foresight",
    )

    edp = EDP.objects.get(slug="pavlodar-2027")
    # Ideas come from other people (journey 2 is about submitting one).
    idea = IdeaFactory(edp=edp, submitted=True, title="Refractory bricks from smelter dross")
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Evaluation").click()
    page.get_by_role("button", name="Add the default criteria").click()
    expect(page.get_by_text("Weights total 100%.")).to_be_visible()

    page.get_by_role("link", name="Processes").first.click()
    page.get_by_role("link", name=TITLE).click()
    start_next_stage(page)
    expect(page.get_by_text("The process is now in the stage “Idea evaluation”.")).to_be_visible()

    # The consultation needs something to consult on and a decision on every
    # submitted idea.
    next_stage_refused(
        page,
        "Cannot start the public consultation",
        ["there is no candidate specialisation to consult on", "1 submitted idea has no decision yet"],
        still_in="Idea evaluation",
    )

    # Scoring and shortlisting are the evaluation journey's; here the panel's
    # outcome is recorded directly.
    IdeaDecision.objects.create(
        edp=edp, idea=idea, outcome=IdeaDecision.Outcome.SHORTLISTED, rationale="Uses dross.", decided_at=now()
    )
    CandidateSpecialisationFactory(edp=edp, title="Metallurgical by-products").ideas.add(idea)
    start_next_stage(page)
    expect(page.get_by_text("The process is now in the stage “Public consultation”.")).to_be_visible()

    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Moved to “Technological foresight”")
    expect(timeline).to_contain_text("Moved to “Idea evaluation”")
    expect(timeline).to_contain_text("Moved to “Public consultation”")
    expect(page.locator("[aria-current=step]")).to_contain_text("Public consultation")
    assert page.console_errors == []
