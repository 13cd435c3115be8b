"""Journey 6: a coordinator brings the evaluation's candidate specialisations
into the priority selection, decides on each with a rationale and publishes
the priorities; a visitor with no account follows a priority back to the
ideas, their scores and the consultation comments behind it, then to its
action plan, where an indicator's chart shows the reported values against
the path to its target."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from consultations.models import Comment, HelpfulMark, Stance
from consultations.services import consultation_recount
from edp.models import EDPRole
from edp.workflow import Stage
from priorities.models import CandidatePriority
from stakeholders.choices import Helix
from tests.browser.conftest import unlabelled_controls
from tests.factories.accounts import UserFactory
from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory
from tests.factories.edp import EDPFactory, EDPRoleFactory, IdeaFactory, RegionalAssetFactory
from tests.factories.evaluations import CandidateSpecialisationFactory, SubmittedEvaluationFactory
from tests.factories.plans import ActionPlanFactory, IndicatorFactory, MeasurementFactory, ObjectiveFactory
from tests.factories.stakeholders import OrganisationFactory
from tests.plans.conftest import adopt

pytestmark = pytest.mark.django_db(transaction=True)

EDP_TITLE = "Pavlodar smart specialisation EDP"
PUBLIC_TITLE = "Pavlodar smart specialisation priorities 2026–2030"
ALUMINIUM = "Aluminium value chain"
SPECIALISATIONS = [ALUMINIUM, "Agri-food processing", "Energy transition of a coal region"]
HELPFUL = "Skilled jobs in Pavlodar instead of shipping raw aluminium away."
HIDDEN = "A rude remark the moderator hid."


def _score(idea, *values) -> None:
    for value in values:
        SubmittedEvaluationFactory(
            assignment__idea=idea,
            assignment__evaluator__display_name=f"Hidden Evaluator {value}",
            weighted_score=Decimal(value),
        )


def _evaluation_and_consultation(edp) -> None:
    """What the earlier stages left: three candidate specialisations with
    scored ideas, and a consultation on the aluminium one."""
    smelter = RegionalAssetFactory(edp=edp, title="Aluminium smelter", evidence_figure="300,000 t a year")
    university = OrganisationFactory(name="Toraighyrov University", helix=Helix.ACADEMIA)
    plant = OrganisationFactory(name="Pavlodar Profiles LLP", helix=Helix.INDUSTRY)
    for title in SPECIALISATIONS:
        specialisation = CandidateSpecialisationFactory(edp=edp, title=title)
        if title != ALUMINIUM:
            idea = IdeaFactory(edp=edp, submitted=True, title=f"An idea for {title.lower()}")
            _score(idea, "60")
            specialisation.ideas.set([idea])
            continue
        dross = IdeaFactory(
            edp=edp,
            submitted=True,
            title="Dross recycling into refractories",
            organisation=university,
            helix=Helix.ACADEMIA,
            assets=[smelter],
        )
        profiles = IdeaFactory(
            edp=edp,
            submitted=True,
            title="Aluminium profiles for construction",
            organisation=plant,
            helix=Helix.INDUSTRY,
        )
        _score(dross, "72.00", "88.00")
        _score(profiles, "65.00")
        specialisation.ideas.set([dross, profiles])
        consultation = ConsultationFactory(edp=edp, closed=True, title="Which specialisations for Pavlodar?")
        item = ItemFactory(consultation=consultation, title=title, source=specialisation)
        for helix, position in [
            (Helix.INDUSTRY, "support"),
            (Helix.INDUSTRY, "support"),
            (Helix.ACADEMIA, "support"),
            (Helix.CIVIL_SOCIETY, "oppose"),
        ]:
            Stance.objects.create(item=item, user=UserFactory(), position=position, helix=helix)
        helpful = CommentFactory(item=item, body=HELPFUL)
        hidden = CommentFactory(item=item, body=HIDDEN, status=Comment.Status.HIDDEN)
        for comment, marks in [(helpful, 5), (hidden, 9)]:
            for _ in range(marks):
                HelpfulMark.objects.create(comment=comment, user=UserFactory())
        consultation_recount(consultation=consultation)


def _plan_for(candidate) -> None:
    """The aluminium priority's plan, adopted, with an outcome indicator
    reported twice."""
    plan = ActionPlanFactory(priority=candidate, edp=candidate.edp, title="Aluminium value chain action plan")
    objective = ObjectiveFactory(plan_priority__challenge__plan=plan, title="Process more aluminium locally")
    indicator = IndicatorFactory(
        objective=objective,
        code="AL-1",
        name="Share of aluminium processed in the region",
        unit="%",
        baseline_value=Decimal("10"),
        baseline_year=2025,
        target_value=Decimal("40"),
        target_year=2030,
    )
    for start, end, value in [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "12"),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), "15"),
    ]:
        MeasurementFactory(indicator=indicator, period_start=start, period_end=end, value=Decimal(value))
    adopt(plan)


def test_coordinator_publishes_priorities_and_a_visitor_follows_one_to_its_evidence_and_plan(page, page_as):
    edp = EDPFactory(title=EDP_TITLE, slug="pavlodar-edp", stage=Stage.PRIORITY_SELECTION)
    coordinator = EDPRoleFactory(
        edp=edp, role=EDPRole.Role.COORDINATOR, user=UserFactory(display_name="Gulnara Coordinator")
    ).user
    _evaluation_and_consultation(edp)

    # The coordinator brings the candidate specialisations in, decides on
    # each with a rationale, and publishes.
    desk = page_as(coordinator)
    desk.goto(f"/edp/{edp.slug}/")
    desk.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Priorities").click()
    expect(desk.get_by_text("Not published yet")).to_be_visible()
    desk.get_by_role("button", name="Bring in the candidate specialisations").click()
    expect(desk.get_by_text("3 candidate specialisations were added as candidate priorities.")).to_be_visible()
    for title in SPECIALISATIONS:
        desk.get_by_role("region", name="Candidates awaiting a decision").get_by_role("link", name=title).click()
        expect(desk.get_by_role("heading", level=1)).to_have_text(title)
        desk.get_by_role("combobox", name=re.compile("^Decision")).select_option(label="Selected")
        desk.get_by_role("textbox", name=re.compile("^Rationale")).fill(
            f"{title}: strong assets, high scores and public support."
        )
        assert unlabelled_controls(desk) == []
        desk.get_by_role("button", name="Record the decision").click()
        expect(desk.get_by_text("The decision was recorded.")).to_be_visible()
        desk.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=PUBLIC_TITLE).click()
    desk.get_by_role("button", name="Publish the priorities").click()
    expect(desk.get_by_text("The priorities are published.")).to_be_visible()

    # Later, the aluminium priority gets its adopted, monitored plan.
    _plan_for(CandidatePriority.objects.get(edp=edp, title=ALUMINIUM))

    # A visitor with no account finds the priorities from the process page.
    page.goto("/")
    page.get_by_role("link", name="Processes").first.click()
    page.get_by_role("link", name=EDP_TITLE).click()
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLIC_TITLE)
    expect(page.get_by_role("heading", name=ALUMINIUM)).to_be_visible()
    expect(page.get_by_text("Evidence: 2 ideas · 4 stances in the consultation")).to_be_visible()

    # Why it was chosen: the ideas, their aggregated scores, what people said.
    page.get_by_role("link", name=f"See the evidence for “{ALUMINIUM}”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ALUMINIUM)
    expect(page.get_by_text(f"{ALUMINIUM}: strong assets, high scores and public support.")).to_be_visible()
    ideas = page.get_by_role("table", name="Ideas behind it and their evaluation scores")
    dross = ideas.get_by_role("row").filter(has_text="Dross recycling into refractories")
    expect(dross).to_contain_text("Toraighyrov University")
    expect(dross).to_contain_text("Academia")
    expect(dross).to_contain_text("80.00")  # mean of two evaluations
    expect(dross).to_contain_text("16.00")  # their spread
    expect(ideas.get_by_role("row").filter(has_text="Aluminium profiles for construction")).to_contain_text("65.00")
    expect(page.get_by_text("Mean score of the ideas: 72.50 out of 100, from 3 expert evaluations.")).to_be_visible()
    consultation = page.get_by_role("region", name="What people said in the consultation")
    expect(consultation.get_by_text(HELPFUL)).to_be_visible()
    expect(consultation.get_by_text("5 people found this helpful")).to_be_visible()
    by_helix = consultation.get_by_role("table", name="Stances by helix")
    expect(by_helix.get_by_role("row").filter(has_text="Industry")).to_contain_text("2")
    expect(page.get_by_role("region", name="Regional assets it builds on")).to_contain_text("Aluminium smelter")
    content = page.content()
    assert HIDDEN not in content
    assert "Hidden Evaluator" not in content and "88.00" not in content

    # Back to an idea itself.
    ideas.get_by_role("link", name="Dross recycling into refractories").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dross recycling into refractories")
    page.go_back()

    # Forward to the priority's action plan and an indicator's chart.
    page.get_by_role("link", name="See the action plan of this priority").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aluminium value chain action plan")
    page.get_by_role("link", name=re.compile("AL-1 Share of aluminium processed in the region")).first.click()
    expect(page.get_by_role("heading", name="Reported values against the target path")).to_be_visible()
    expect(page.locator("dd").filter(has_text="2030")).to_contain_text("40")
    chart = page.locator("canvas[data-plan-chart=indicator]")
    expect(chart).to_be_visible()
    drawn = page.wait_for_function(
        """(canvas) => {
            const chart = window.Chart && window.Chart.getChart(canvas);
            return chart && {labels: chart.data.labels, series: chart.data.datasets.map(d => d.data)};
        }""",
        arg=chart.element_handle(),
    ).json_value()
    assert drawn["labels"][0] == "Baseline 2025" and drawn["labels"][-1] == "Target 2030"
    actual, path = drawn["series"]
    assert actual[1:3] == [12, 15]
    assert path[0] == 10 and path[-1] == 40
    assert page.console_errors == []
