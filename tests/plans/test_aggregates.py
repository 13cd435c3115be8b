"""Plan-level figures against sums worked out by hand: budget by source and
by policy area, the helix mix of the partners and of the steering body, and
the nudge when a helix is missing from the steering body."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from edp.models import EDPRole
from edp.workflow import Stage
from plans.choices import BudgetSource, PolicyArea
from plans.models import BudgetLine
from plans.selectors import chart_data, label_tree, plan_tree
from stakeholders.choices import Helix
from tests.factories.accounts import give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.plans import ActionFactory, ActionPlanFactory, ObjectiveFactory, SteeringBodyMemberFactory
from tests.factories.stakeholders import OrganisationFactory

pytestmark = pytest.mark.django_db


def _action(objective, *, area, lead, partners=(), lines):
    """An action whose budget is the sum of these (source, amount) lines."""
    action = ActionFactory(objective=objective, policy_area=area, lead_organisation=lead, budget_kzt=Decimal(0))
    for source, amount in lines:
        BudgetLine.objects.create(action=action, source=source, amount_kzt=Decimal(amount))
    action.budget_kzt = sum((Decimal(amount) for _source, amount in lines), Decimal(0))
    action.save(update_fields=["budget_kzt"])
    action.partners.add(*partners)
    return action


@pytest.fixture
def plan():
    edp = EDPFactory(stage=Stage.ACTION_PLANNING)
    plan = ActionPlanFactory(priority__edp=edp, title="Metals plan")
    orgs = {
        "smelter": OrganisationFactory(name="Smelter", helix=Helix.INDUSTRY),
        "sme": OrganisationFactory(name="Foundry SME", helix=Helix.INDUSTRY),
        "university": OrganisationFactory(name="University", helix=Helix.ACADEMIA),
        "akimat": OrganisationFactory(name="Akimat", helix=Helix.GOVERNMENT),
        "ngo": OrganisationFactory(name="Residents' NGO", helix=Helix.CIVIL_SOCIETY),
    }
    first = ObjectiveFactory(plan_priority__challenge__plan=plan)
    second = ObjectiveFactory(plan_priority__challenge__plan=plan)
    _action(
        first,
        area=PolicyArea.RESEARCH,
        lead=orgs["university"],
        partners=[orgs["smelter"], orgs["akimat"]],
        lines=[(BudgetSource.REGIONAL, "1000000"), (BudgetSource.PRIVATE, "2000000")],
    )
    _action(
        first,
        area=PolicyArea.RESEARCH,
        lead=orgs["smelter"],
        partners=[orgs["university"], orgs["sme"]],  # the university again: counted once
        lines=[(BudgetSource.NATIONAL, "500000")],
    )
    _action(
        second,
        area=PolicyArea.INFRASTRUCTURE,
        lead=orgs["akimat"],
        lines=[(BudgetSource.REGIONAL, "250000.50"), (BudgetSource.INTERNATIONAL, "2000000")],
    )
    for key in ("smelter", "sme", "akimat"):
        SteeringBodyMemberFactory(plan=plan, organisation=orgs[key])
    plan.orgs = orgs
    return plan


def test_budget_by_source_and_by_area_add_up_by_hand(plan):
    tree = plan_tree(plan)
    # regional 1,000,000 + 250,000.50; national 500,000; private 2,000,000; international 2,000,000
    assert tree["budget_by_source"] == [
        {"key": "regional", "amount": "1250000.5"},
        {"key": "national", "amount": "500000"},
        {"key": "private", "amount": "2000000"},
        {"key": "international", "amount": "2000000"},
    ]
    # research 3,000,000 + 500,000; infrastructure 2,250,000.50; no other area has money
    assert tree["budget_by_area"] == [
        {"key": "research", "amount": "3500000"},
        {"key": "infrastructure", "amount": "2250000.5"},
    ]
    assert tree["budget_total"] == "5750000.5"
    assert sum(Decimal(r["amount"]) for r in tree["budget_by_source"]) == Decimal(tree["budget_total"])
    assert sum(Decimal(r["amount"]) for r in tree["budget_by_area"]) == Decimal(tree["budget_total"])


def test_partner_mix_counts_each_lead_and_partner_organisation_once(plan):
    # smelter and SME (industry), university (academia), akimat (government);
    # the NGO only sits on nothing yet, so civil society has none.
    mix = {row["helix"]: row["count"] for row in plan_tree(plan)["partner_mix"]}
    assert mix == {Helix.GOVERNMENT: 1, Helix.INDUSTRY: 2, Helix.ACADEMIA: 1, Helix.CIVIL_SOCIETY: 0}


def test_steering_mix_and_the_missing_helix_nudge(plan):
    tree = plan_tree(plan)
    assert {row["helix"]: row["count"] for row in tree["steering_mix"]} == {
        Helix.GOVERNMENT: 1,
        Helix.INDUSTRY: 2,
        Helix.ACADEMIA: 0,
        Helix.CIVIL_SOCIETY: 0,
    }
    missing = [n for n in tree["nudges"] if n["kind"] == "steering_missing_helix"]
    assert missing == [{"kind": "steering_missing_helix", "helices": [Helix.ACADEMIA, Helix.CIVIL_SOCIETY]}]
    assert (
        "The steering body has no member from: Academia and research, Civil society."
        in label_tree(tree)["nudge_messages"]
    )

    SteeringBodyMemberFactory(plan=plan, organisation=plan.orgs["ngo"])
    missing = [n for n in plan_tree(plan)["nudges"] if n["kind"] == "steering_missing_helix"]
    assert missing == [{"kind": "steering_missing_helix", "helices": [Helix.ACADEMIA]}]

    SteeringBodyMemberFactory(plan=plan, organisation=plan.orgs["university"])
    assert not [n for n in plan_tree(plan)["nudges"] if n["kind"] == "steering_missing_helix"]


def test_no_steering_body_no_nudge_about_its_mix():
    plan = ActionPlanFactory()
    tree = plan_tree(plan)
    assert tree["steering"] == [] and not [n for n in tree["nudges"] if n["kind"] == "steering_missing_helix"]
    assert [row["count"] for row in tree["steering_mix"]] == [0, 0, 0, 0]


def test_charts_draw_the_same_figures(plan):
    charts = chart_data(label_tree(plan_tree(plan)))
    assert charts["budget_by_source"] == {
        "labels": ["Regional budget", "National programme", "Private", "International"],
        "values": [1250000.5, 500000.0, 2000000.0, 2000000.0],
    }
    assert charts["budget_by_area"] == {
        "labels": ["Research and innovation", "Infrastructure and connectivity"],
        "values": [3500000.0, 2250000.5],
    }
    assert charts["partner_mix"]["values"] == [1, 2, 1, 0]
    assert charts["steering_mix"] == {
        "labels": ["Government", "Industry", "Academia and research", "Civil society"],
        "values": [1, 2, 0, 0],
    }


def _script(html: str, element_id: str):
    start = html.index(f'<script id="{element_id}" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_the_plan_page_shows_the_figures_and_their_charts(client, plan):
    coordinator = EDPRoleFactory(edp=plan.edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(coordinator)
    client.force_login(coordinator)
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    # Shown to the whole tenge, half up.
    assert "Total budget: 5,750,001 KZT over 3 actions." in html
    for label, amount in [
        ("Regional budget", "1,250,001"),
        ("National programme", "500,000"),
        ("Private", "2,000,000"),
        ("International", "2,000,000"),
        ("Research and innovation", "3,500,000"),
        ("Infrastructure and connectivity", "2,250,001"),
    ]:
        assert f'<td>{label}</td><td class="text-end">{amount}' in html
    assert "Industry: 2" in html and "Government: 1" in html and "Academia and research: 0" in html
    assert "The steering body has no member from: Academia and research, Civil society." in html
    for source in ("chart-steering-mix", "chart-partner-mix", "chart-budget-source", "chart-budget-area"):
        assert f'data-source="{source}"' in html
    assert _script(html, "chart-steering-mix")["values"] == [1, 2, 0, 0]
    assert _script(html, "chart-partner-mix")["values"] == [1, 2, 1, 0]
    assert _script(html, "chart-budget-source")["values"] == [1250000.5, 500000.0, 2000000.0, 2000000.0]
    assert _script(html, "chart-budget-area")["values"] == [3500000.0, 2250000.5]
