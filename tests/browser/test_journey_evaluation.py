"""Journey 4: an evaluator finds their queue from the process page, declares
a conflict of interest on one assigned idea (it goes to someone else),
scores the others with justifications — and is told when one is missing —
and submits; the coordinator finds the evaluation from the process page,
sees the declared conflict on the panel, reads the ranking and shortlists
the best idea with a rationale."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from edp.models import EDPRole
from edp.workflow import Stage
from evaluations import services
from evaluations.models import Assignment, EvaluationSettings, IdeaDecision
from evaluations.services import ScoreInput
from stakeholders.choices import Helix, OrganisationKind
from tests.browser.conftest import unlabelled_controls
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPFactory, EDPRoleFactory, IdeaFactory
from tests.factories.evaluations import EvaluationCriterionFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Pavlodar smart specialisation 2026–2030"
BRICKS = "Refractory bricks from smelter dross"
FISH = "Solar drying for Irtysh fish"
HYDROGEN = "Hydrogen from ferroalloy off-gas"


def _panel_member(edp, name, helix, kind, organisation):
    org = OrganisationFactory(name=organisation, helix=helix, kind=kind)
    user = MembershipFactory(organisation=org, user=UserFactory(display_name=name)).user
    EDPRoleFactory(edp=edp, user=user, role=EDPRole.Role.EVALUATOR)
    return user


def _build():
    """An EDP in idea evaluation: two criteria, three submitted ideas, a
    coordinator and a panel of three. Saule and Marat are given every idea
    by hand; Marat has already submitted his scores."""
    edp = EDPFactory(title=TITLE, stage=Stage.EVALUATION)
    coordinator = EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR, user=UserFactory(display_name="Gulnara")).user
    fit = EvaluationCriterionFactory(edp=edp, name="Fit with regional assets", weight=60, position=0)
    market = EvaluationCriterionFactory(edp=edp, name="Market and export potential", weight=40, position=1)
    EvaluationSettings.objects.create(edp=edp, reviewers_per_idea=2, deadline=timezone.now() + timedelta(days=5))
    ideas = {
        title: IdeaFactory(
            edp=edp,
            title=title,
            submitted=True,
            helix=Helix.INDUSTRY,
            organisation=OrganisationFactory(name=f"{title} LLP", helix=Helix.INDUSTRY, kind=OrganisationKind.SME),
        )
        for title in (BRICKS, FISH, HYDROGEN)
    }
    saule = _panel_member(edp, "Saule Evaluator", Helix.ACADEMIA, OrganisationKind.UNIVERSITY, "Toraighyrov University")
    marat = _panel_member(edp, "Marat Expert", Helix.GOVERNMENT, OrganisationKind.AKIMAT_DEPARTMENT, "Department")
    aruzhan = _panel_member(edp, "Aruzhan Analyst", Helix.CIVIL_SOCIETY, OrganisationKind.NGO, "Irtysh Green NGO")
    for evaluator in (saule, marat):
        for idea in ideas.values():
            services.assignment_add(actor=coordinator, edp=edp, idea_id=idea.pk, evaluator_id=evaluator.pk)
    for title, (f, m) in {BRICKS: (4, 4), FISH: (2, 2), HYDROGEN: (3, 3)}.items():
        services.evaluation_save(
            actor=marat,
            assignment=Assignment.objects.get(idea=ideas[title], evaluator=marat),
            scores=[ScoreInput(fit.pk, f, "Solid evidence."), ScoreInput(market.pk, m, "Some buyers.")],
            submit=True,
        )
    return edp, coordinator, saule, aruzhan, ideas


def _score(page, criterion: str, value: int, justification: str = "") -> None:
    group = page.get_by_role("group", name=re.compile(f"^{criterion}"))
    group.get_by_role("radio", name=str(value), exact=True).check()
    if justification:
        group.get_by_label(re.compile("^Justification")).fill(justification)


def test_evaluator_declares_a_conflict_scores_and_submits_coordinator_shortlists(page_as):
    edp, coordinator, saule, aruzhan, ideas = _build()

    # The evaluator starts from the process page: “My evaluations”, 0 of 3.
    evaluator = page_as(saule)
    evaluator.goto(f"/edp/{edp.slug}/")
    sections = evaluator.get_by_role("navigation", name="Sections of this process")
    expect(sections.get_by_role("link", name="Evaluation", exact=True)).to_have_count(0)
    sections.get_by_role("link", name=re.compile("^My evaluations")).click()
    expect(evaluator.get_by_role("heading", level=1)).to_have_text("My evaluations")
    expect(evaluator.get_by_text("0 of 3 submitted", exact=True)).to_be_visible()
    expect(evaluator.get_by_text("Submit your evaluations by")).to_be_visible()

    # A conflict of interest on the hydrogen idea: the idea goes back.
    evaluator.get_by_role("link", name=f"Score {HYDROGEN}").click()
    expect(evaluator.get_by_role("heading", level=1)).to_have_text(HYDROGEN)
    evaluator.get_by_text("I have a conflict of interest with this idea").click()
    evaluator.get_by_label("Reason (seen by the coordinator)").fill("I advised this company on its gas recovery plant.")
    evaluator.get_by_role("button", name="Declare the conflict and hand the idea back").click()
    expect(evaluator.get_by_text("Your conflict of interest was recorded")).to_be_visible()
    expect(evaluator.get_by_role("row").filter(has_text=HYDROGEN)).to_have_count(0)
    expect(evaluator.get_by_text("0 of 2 submitted", exact=True)).to_be_visible()

    # The bricks: top marks need a justification, and the page says so.
    evaluator.get_by_role("link", name=f"Score {BRICKS}").click()
    assert unlabelled_controls(evaluator) == []
    _score(evaluator, "Fit with regional assets", 5)
    _score(evaluator, "Market and export potential", 4, "Steel mills in Pavlodar and Temirtau would buy them.")
    evaluator.get_by_role("button", name="Submit", exact=True).click()
    fit = evaluator.get_by_role("group", name=re.compile("^Fit with regional assets"))
    expect(fit).to_contain_text("The lowest and the highest scores need a justification.")
    _score(evaluator, "Fit with regional assets", 5, "Uses the dross of the aluminium smelter next door.")
    evaluator.get_by_role("button", name="Submit", exact=True).click()
    expect(evaluator.get_by_text("Your evaluation was submitted. Thank you.")).to_be_visible()
    assert any("cannot be changed" in message for message in evaluator.dialogs)
    # Only now the other (anonymous) evaluations of the idea show.
    others = evaluator.get_by_role("region", name="All submitted evaluations of this idea")
    expect(others).to_contain_text("You")
    expect(others).to_contain_text(re.compile(r"Evaluator [AB]"))
    expect(others).not_to_contain_text("Marat")

    # The fish: low marks, justified.
    evaluator.get_by_role("link", name="Back to my evaluations").click()
    evaluator.get_by_role("link", name=f"Score {FISH}").click()
    _score(evaluator, "Fit with regional assets", 2)
    _score(evaluator, "Market and export potential", 1, "Little demand beyond the local market.")
    evaluator.get_by_label("Overall comment for the coordinator").fill("Worth a small pilot, not a priority.")
    evaluator.get_by_role("button", name="Submit", exact=True).click()
    expect(evaluator.get_by_text("Your evaluation was submitted. Thank you.")).to_be_visible()
    evaluator.get_by_role("link", name="Back to my evaluations").click()
    expect(evaluator.get_by_text("2 of 2 submitted", exact=True)).to_be_visible()
    expect(evaluator.get_by_role("link", name=re.compile("^My evaluations"))).to_contain_text("2/2")

    # The coordinator finds the evaluation from the process page: the panel
    # shows the declared conflict and who took the idea over.
    boss = page_as(coordinator)
    boss.goto(f"/edp/{edp.slug}/")
    boss.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Evaluation").click()
    expect(boss.get_by_role("heading", level=1)).to_have_text("Evaluation panel")
    hydrogen = boss.locator("article").filter(has=boss.get_by_role("heading", name=HYDROGEN))
    expect(hydrogen).to_contain_text("Saule Evaluator (declared a conflict of interest)")
    expect(hydrogen).to_contain_text("Aruzhan Analyst")
    assert Assignment.objects.filter(idea=ideas[HYDROGEN], evaluator=aruzhan, status="active").exists()

    # The ranking: the bricks come first; the hydrogen idea still waits for Aruzhan.
    boss.get_by_role("navigation", name="Idea evaluation").get_by_role("link", name="Ranking and decisions").click()
    expect(boss.get_by_role("heading", level=1)).to_have_text("Ranking of ideas")
    rows = boss.get_by_role("table").locator("tbody tr")
    expect(rows.first).to_contain_text(BRICKS)
    expect(rows.first).to_contain_text("2/2")
    expect(rows.filter(has_text=HYDROGEN)).to_contain_text("incomplete")
    expect(rows.first).to_contain_text("Not decided")

    # Shortlisting, with the rationale on record.
    boss.get_by_role("link", name=BRICKS).click()
    expect(boss.get_by_role("heading", level=1)).to_have_text(BRICKS)
    expect(boss.get_by_text("Uses the dross of the aluminium smelter next door.")).to_be_visible()
    boss.get_by_role("radio", name="Shortlisted").check()
    boss.get_by_label("Rationale").fill("Highest mean score; builds on the smelter, an immobile regional asset.")
    assert unlabelled_controls(boss) == []
    boss.get_by_role("button", name="Record the decision").click()
    expect(boss.get_by_text("The decision was recorded.")).to_be_visible()
    expect(boss.get_by_text(re.compile("Current decision: Shortlisted"))).to_be_visible()
    boss.get_by_role("link", name="Back to the ranking").click()
    expect(boss.get_by_role("table").locator("tbody tr").first).to_contain_text("Shortlisted")

    decision = IdeaDecision.objects.get(idea=ideas[BRICKS])
    assert decision.outcome == IdeaDecision.Outcome.SHORTLISTED and decision.decided_by == coordinator
    # The one refused submission is answered 400 (Chromium logs that); nothing else went wrong.
    assert [e for e in evaluator.console_errors if "status of 400" not in e] == []
    assert len(evaluator.console_errors) <= 1
    assert boss.console_errors == []
