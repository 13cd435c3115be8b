"""Journey 8: a resident volunteers for the public council; the secretary
closes the call, records the public value and runs the draw; the council
gives its opinion on a draft plan with two recommendations; the coordinator
is refused the plan's adoption until both are answered, answers them and
adopts the plan; a visitor reads the whole record in Kazakh."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from councils.models import CommissionSeat, Council, CouncilMember, Quota, Volunteer, VolunteerCall
from councils.sortition import commitment, new_secret
from edp.models import EDPRole
from edp.workflow import Stage
from plans.choices import PlanStatus
from stakeholders.choices import Helix
from tests.browser.conftest import unlabelled_controls
from tests.factories.accounts import UserFactory
from tests.factories.councils import district
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.plans import ActionFactory, ActionPlanFactory, IndicatorFactory, ObjectiveFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db(transaction=True)

COUNCIL = "Public Council of Pavlodar Region"
PLAN = "Aluminium and metals action plan"
FIRST = "Publish the plan's indicators every six months."
SECOND = "Reserve training places for young people from Ekibastuz."


def _world():
    pavlodar = region()
    edp = EDPFactory(region=pavlodar, title="Pavlodar EDP", slug="pavlodar-edp", stage=Stage.ACTION_PLANNING)
    coordinator = EDPRoleFactory(
        edp=edp, role=EDPRole.Role.COORDINATOR, user=UserFactory(display_name="Dana Coordinator")
    ).user
    plan = ActionPlanFactory(priority__edp=edp, edp=edp, title=PLAN, status=PlanStatus.IN_CONSULTATION)
    objective = ObjectiveFactory(plan_priority__challenge__plan=plan)
    ActionFactory(objective=objective)
    IndicatorFactory(objective=objective, baseline_value=Decimal("10"), target_value=Decimal("40"))
    secretary = UserFactory(display_name="Ainur Secretary")
    council = Council.objects.create(
        region=pavlodar,
        edp=edp,
        slug="pavlodar-council",
        name=COUNCIL,
        name_kk="Павлодар облысының қоғамдық кеңесі",
        mandate="Oversees the smart specialisation.",
        seats=5,
        secretary=secretary,
        home_district=district("Pavlodar city"),
    )
    today = timezone.localdate()
    term = council.terms.create(number=1, starts_on=today, ends_on=today.replace(year=today.year + 3))
    CouncilMember.objects.create(council=council, term=term, user=UserFactory(), helix=Helix.GOVERNMENT)
    secret = new_secret()
    call = VolunteerCall.objects.create(
        council=council,
        term=term,
        title="Volunteers for four seats",
        opens_at=timezone.now() - datetime.timedelta(days=7),
        closes_at=timezone.now() + datetime.timedelta(hours=2),
        seats_to_fill=4,
        alternates_wanted=2,
        status=VolunteerCall.Status.OPEN,
        beacon_source="drand mainnet: the first round after the call closes",
        secret=secret,
        commitment=commitment(secret),
        opened_at=timezone.now() - datetime.timedelta(days=7),
    )
    for helix in (Helix.GOVERNMENT, Helix.CIVIL_SOCIETY, Helix.CIVIL_SOCIETY):
        CommissionSeat.objects.create(call=call, user=UserFactory(), helix=helix)
    places = [district("Pavlodar city"), district("Ekibastuz city")]
    for i in range(7):
        Volunteer.objects.create(
            call=call,
            user=UserFactory(region=pavlodar),
            helix=[Helix.CIVIL_SOCIETY, Helix.ACADEMIA, Helix.INDUSTRY][i % 3],
            district=places[i % 2],
            gender=["female", "male"][i % 2],
            age_band=["18-29", "30-44", "45-59", "60+"][i % 4],
        )
    for feature, value, low, high in [
        ("helix", Helix.CIVIL_SOCIETY, 2, 4),
        ("helix", Helix.GOVERNMENT, 0, 0),
        ("helix", Helix.INDUSTRY, 0, 0),
        ("helix", Helix.ACADEMIA, 0, 2),
        ("gender", "female", 2, 3),
    ]:
        Quota.objects.create(call=call, feature=feature, value=value, minimum=low, maximum=high)
    resident = UserFactory(display_name="Aliya Resident", region=pavlodar)
    return council, call, plan, secretary, coordinator, resident


def test_a_resident_volunteers_the_council_is_drawn_and_its_opinion_holds_back_adoption_until_answered(page, page_as):
    council, call, plan, secretary, coordinator, resident = _world()

    # A resident finds the council from the process's page and volunteers.
    mine = page_as(resident)
    mine.goto("/edp/pavlodar-edp/")
    mine.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Public council").click()
    expect(mine.get_by_role("heading", level=1)).to_have_text(COUNCIL)
    mine.get_by_role("link", name="Volunteers for four seats").click()
    mine.get_by_role("link", name="Volunteer for the council").click()
    mine.get_by_label("District where you live").select_option(label="Ekibastuz city")
    mine.get_by_label("Gender").select_option(label="Woman")
    mine.get_by_label(re.compile(r"^Age")).select_option(label="30–44")
    assert unlabelled_controls(mine) == []
    mine.get_by_role("button", name="Put me in the pool").click()
    expect(mine.get_by_text("You are in the pool. When the call closes you get a pseudonym")).to_be_visible()

    # The call's time is up; the secretary freezes the pool, records the public value and draws.
    VolunteerCall.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    desk = page_as(secretary)
    desk.goto(call.get_absolute_url())
    desk.get_by_role("button", name="Close the call and freeze the pool").click()
    expect(desk.get_by_text("The call is closed and its pool is frozen and published.")).to_be_visible()
    desk.get_by_label("Public value, as published by its source").fill("drand round 4512345: 9f86d081884c7d65")
    desk.get_by_role("button", name="Record the public value").click()
    expect(desk.get_by_text("The public value is recorded; the quotas are fixed.")).to_be_visible()
    desk.get_by_role("button", name="Run the draw").click()
    drawn = desk.get_by_role("table", name="Drawn to sit on the council")
    for _ in range(60):  # with a worker process the draw is published a moment later
        if drawn.count():
            break
        desk.wait_for_timeout(500)
        desk.reload()
    expect(drawn.get_by_role("row")).to_have_count(5)  # the header and four seats
    expect(desk.get_by_role("link", name="Download the record")).to_be_visible()

    # The council gives its opinion on the draft plan.
    desk.goto(council.get_absolute_url())
    desk.get_by_role("link", name="Write an opinion").click()
    desk.get_by_label("On the draft").select_option(label=f"Draft action plan: {PLAN}, version 1")
    desk.get_by_label("Position").select_option(label="Support with recommendations")
    desk.get_by_label("Opinion", exact=True).fill("The council supports the plan, with two recommendations.")
    desk.get_by_label("Recommendations").fill(f"{FIRST}\n{SECOND}")
    desk.get_by_role("button", name="Publish the opinion").click()
    expect(desk.get_by_text("The opinion is published; the coordinators are asked")).to_be_visible()

    # The coordinator may not adopt the plan before answering; the page says why.
    akimat = page_as(coordinator)
    akimat.goto(f"/plans/{plan.pk}/")
    expect(akimat.get_by_text(re.compile(f"“{COUNCIL}” made 2 recommendations on this version"))).to_be_visible()
    expect(akimat.get_by_role("button", name="Adopt this version")).to_have_count(0)
    akimat.get_by_role("link", name="Answer the recommendations").click()
    for text, answer, reason in [
        (FIRST, "Accepted", "Reported twice a year from 2027."),
        (SECOND, "Partly accepted", "A quarter of the places go to applicants from outside Pavlodar city."),
    ]:
        item = akimat.get_by_role("listitem").filter(has_text=text)
        item.get_by_label("Answer").select_option(label=answer)
        item.get_by_label("Reason").fill(reason)
        item.get_by_role("button", name="Answer").click()
        expect(akimat.get_by_text("The answer is recorded and shown with the recommendation.")).to_be_visible()
    expect(akimat.get_by_text("Given and answered")).to_be_visible()
    akimat.goto(f"/plans/{plan.pk}/")
    akimat.get_by_role("button", name="Adopt this version").click()
    expect(akimat.get_by_text("The plan is now “Adopted”.")).to_be_visible()

    # A visitor reads the whole record in Kazakh.
    page.goto(council.get_absolute_url())
    page.get_by_label("Language").select_option("kk")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Павлодар облысының қоғамдық кеңесі")
    expect(page.get_by_role("heading", name="Құрамы")).to_be_visible()
    expect(page.get_by_text("Жеребемен таңдалған").first).to_be_visible()
    page.get_by_role("link", name=re.compile(PLAN)).click()
    expect(page.get_by_text("Берілді, жауаптар алынды")).to_be_visible()
    expect(page.get_by_text("Reported twice a year from 2027.")).to_be_visible()
    page.goto(f"/plans/{plan.pk}/")
    expect(page.get_by_role("heading", name="Қоғамдық кеңестердің қорытындылары")).to_be_visible()
    expect(page.get_by_text("Сіз айттыңыз — біз істедік")).to_be_visible()
    page.goto(call.get_absolute_url())
    expect(page.get_by_role("heading", name="Жеребе", exact=True)).to_be_visible()
    assert page.console_errors == []
