"""The region facts that support a candidate priority: chosen by the
coordinator among the facts of the EDP's own region, and the only facts
its evidence panel shows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import DomainError
from edp.workflow import Stage
from priorities import services
from priorities.evidence import evidence_for
from tests.factories.edp import EDPFactory, RegionFactFactory
from tests.factories.priorities import CandidatePriorityFactory, SelectedPriorityFactory
from tests.factories.stakeholders import region
from tests.permission_table import refusal_problem
from tests.priorities.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def edp():
    return EDPFactory(stage=Stage.PRIORITY_SELECTION)


@pytest.fixture
def facts(edp):
    return {
        "output": RegionFactFactory(
            region=edp.region, indicator="Output per worker in industry", value=Decimal("27.4")
        ),
        "wheat": RegionFactFactory(region=edp.region, indicator="Wheat harvest", value=Decimal("1900"), unit="kt"),
        "foreign": RegionFactFactory(region=region("kyzylorda"), indicator="Rice harvest", value=Decimal("480")),
    }


@pytest.fixture
def coordinator(people):
    return people["coordinator"]


def _post(candidate, facts, **extra):
    return {
        "title": extra.get("title", candidate.title),
        "summary": candidate.summary,
        "order": candidate.order,
        "supporting_facts": [f.pk for f in facts],
    }


def test_two_candidates_show_their_own_supporting_facts(client, edp, facts, coordinator):
    metals = CandidatePriorityFactory(edp=edp, title="Metals")
    agri = CandidatePriorityFactory(edp=edp, title="Agri-food")
    client.force_login(coordinator)
    for candidate, chosen in [(metals, [facts["output"]]), (agri, [facts["wheat"]])]:
        response = client.post(reverse("priorities:candidate_edit", args=[candidate.pk]), _post(candidate, chosen))
        assert response.status_code == 302
    assert list(metals.supporting_facts.all()) == [facts["output"]]

    metals_html = client.get(reverse("priorities:candidate", args=[metals.pk])).content.decode()
    agri_html = client.get(reverse("priorities:candidate", args=[agri.pk])).content.decode()
    assert "Output per worker in industry" in metals_html and "Wheat harvest" not in metals_html
    assert "Wheat harvest" in agri_html and "Output per worker in industry" not in agri_html
    assert "Rice harvest" not in metals_html + agri_html
    assert [f.indicator for f in evidence_for(agri, coordinator).facts] == ["Wheat harvest"]


def test_without_chosen_facts_the_panel_says_so_instead_of_listing_the_region(client, edp, facts, coordinator):
    candidate = CandidatePriorityFactory(edp=edp)
    client.force_login(coordinator)
    html = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    assert "No region facts were chosen to support this candidate yet." in html
    assert "Output per worker in industry" not in html and "Wheat harvest" not in html
    assert evidence_for(candidate, coordinator).facts == []


def test_the_edit_form_lists_the_region_facts_as_labelled_checkboxes(client, edp, facts, coordinator):
    candidate = CandidatePriorityFactory(edp=edp)
    candidate.supporting_facts.set([facts["wheat"]])
    client.force_login(coordinator)
    detail = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    assert reverse("priorities:candidate_edit", args=[candidate.pk]) in detail
    html = client.get(reverse("priorities:candidate_edit", args=[candidate.pk])).content.decode()
    assert "<legend" in html and "Region facts that support it" in html
    assert html.count('type="checkbox" name="supporting_facts"') == 2
    assert "Rice harvest" not in html  # another region's fact is not offered
    wheat = f'value="{facts["wheat"].pk}"'
    assert wheat in html
    checked_input = html[html.index(wheat) :].split(">", 1)[0]
    assert "checked" in checked_input
    assert '<label class="form-check-label" for="id_supporting_facts_' in html
    assert "Wheat harvest: 1,900 kt in 2024 (Bureau of National Statistics)" in html


def test_a_fact_of_another_region_is_refused_next_to_the_field(client, edp, facts, coordinator):
    candidate = CandidatePriorityFactory(edp=edp, title="Metals")
    candidate.supporting_facts.set([facts["output"]])
    client.force_login(coordinator)
    response = client.post(
        reverse("priorities:candidate_edit", args=[candidate.pk]),
        _post(candidate, [facts["wheat"], facts["foreign"]], title="Renamed"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_supporting_facts-error"' in html
    assert "facts about another region are refused" in html
    candidate.refresh_from_db()
    assert candidate.title == "Metals"
    assert list(candidate.supporting_facts.all()) == [facts["output"]]


def test_the_service_refuses_a_fact_of_another_region_and_writes_nothing(edp, facts):
    candidate = CandidatePriorityFactory(edp=edp, title="Metals")
    with pytest.raises(DomainError, match="Only facts about") as refused:
        services.candidate_priority_update(
            candidate=candidate,
            title="Renamed",
            summary="",
            order=0,
            supporting_facts=[facts["output"], facts["foreign"]],
            actor=None,
        )
    assert refused.value.field == "supporting_facts"
    with pytest.raises(DomainError, match="Only facts about"):
        services.candidate_priority_create(
            edp=edp, title="New", summary="", actor=None, supporting_facts=[facts["foreign"]]
        )
    candidate.refresh_from_db()
    assert candidate.title == "Metals" and not candidate.supporting_facts.exists()
    assert not edp.candidate_priorities.filter(title="New").exists()


def test_supporting_facts_are_locked_once_published(client, edp, facts, coordinator):
    candidate = SelectedPriorityFactory(edp=edp)
    for _ in range(2):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    client.force_login(coordinator)
    assert (
        reverse("priorities:candidate_edit", args=[candidate.pk])
        not in client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    )
    html = client.post(
        reverse("priorities:candidate_edit", args=[candidate.pk]), _post(candidate, [facts["wheat"]]), follow=True
    ).content.decode()
    assert "withdraw the publication" in html
    assert not candidate.supporting_facts.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_of_this_edp_edits_the_supporting_facts(client, edp, facts, people, role, method):
    if people[role] is not None:
        client.force_login(people[role])
    candidate = CandidatePriorityFactory(edp=edp)
    url = reverse("priorities:candidate_edit", args=[candidate.pk])
    response = client.get(url) if method == "get" else client.post(url, _post(candidate, [facts["wheat"]]))
    if role == "coordinator":
        assert response.status_code == (200 if method == "get" else 302)
    else:
        assert refusal_problem(response, role if people[role] is not None else "anonymous") is None
    changed = candidate.supporting_facts.exists()
    assert changed == (role == "coordinator" and method == "post")


def test_evidence_page_queries_do_not_grow_with_the_region_facts(client, edp, facts, django_assert_max_num_queries):
    candidate = SelectedPriorityFactory(edp=edp)
    candidate.supporting_facts.set([facts["output"]])
    for _ in range(2):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    url = reverse("priorities:candidate", args=[candidate.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    many = [RegionFactFactory(region=edp.region, year=2000 + k % 20) for k in range(40)]
    candidate.supporting_facts.add(*many[:25])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('<th scope="row" class="fw-normal">Indicator ') == 25


def test_edit_form_queries_do_not_grow_with_the_region_facts(
    client, edp, facts, coordinator, django_assert_max_num_queries
):
    candidate = CandidatePriorityFactory(edp=edp)
    candidate.supporting_facts.set([facts["output"]])
    client.force_login(coordinator)
    url = reverse("priorities:candidate_edit", args=[candidate.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    many = [RegionFactFactory(region=edp.region) for _ in range(30)]
    candidate.supporting_facts.add(*many[:10])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('type="checkbox" name="supporting_facts"') == 32


def test_the_edit_and_add_forms_say_why_once_published_instead_of_showing_a_form(client, edp, coordinator):
    candidate = SelectedPriorityFactory(edp=edp)
    for _ in range(2):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    client.force_login(coordinator)
    for url, landing in (
        (
            reverse("priorities:candidate_edit", args=[candidate.pk]),
            reverse("priorities:candidate", args=[candidate.pk]),
        ),
        (reverse("priorities:candidate_add", args=[edp.slug]), reverse("priorities:selection", args=[edp.slug])),
    ):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(landing, 302)]
        html = response.content.decode()
        assert "withdraw the publication" in html
        assert 'name="supporting_facts"' not in html
