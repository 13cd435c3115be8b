"""The main journeys through the pages: coordinator assigns, evaluator
scores (errors next to the fields), declares a conflict; coordinator
decides and groups."""

import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Assignment, CandidateSpecialisation, Evaluation, IdeaDecision
from tests.factories.edp import IdeaFactory

pytestmark = pytest.mark.django_db


def test_coordinator_assigns_automatically_and_sees_shortfalls(world, as_role):
    client = as_role("coordinator")
    slug = world["edp"].slug
    response = client.post(reverse("evaluations:assign_auto", args=[slug]))
    assert response.status_code == 302
    # The panel: assigned (already), unassigned (now assigned), conflicted (never).
    names = set(Assignment.objects.filter(idea=world["idea"]).values_list("evaluator__display_name", flat=True))
    assert names == {"Hidden Evaluator Alpha", "Hidden Beta"}
    page = client.get(reverse("evaluations:panel", args=[slug])).content.decode()
    assert "Some ideas lack evaluators" in page
    assert "belongs to the submitting organisation" in page
    assert "Helix mix" in page


def test_coordinator_manual_assignment_refusal_is_shown(world, as_role, people):
    client = as_role("coordinator")
    slug = world["edp"].slug
    response = client.post(
        reverse("evaluations:assign_manual", args=[slug]),
        {"idea": world["idea"].pk, "evaluator": people["evaluator_conflicted"].pk},
        follow=True,
    )
    assert "cannot evaluate this idea" in response.content.decode()
    assert not Assignment.objects.filter(evaluator=people["evaluator_conflicted"]).exists()


def test_evaluator_drafts_then_fixes_errors_then_submits(world, as_role):
    client = as_role("evaluator")
    c1, c2 = world["criteria"]
    url = reverse("evaluations:score", args=[world["edp"].slug, world["idea"].pk])
    assert client.post(url, {f"score_{c1.pk}": 5, "draft": "1"}).status_code == 302
    assert Evaluation.objects.get().status == "draft"
    page = client.get(url).content.decode()
    # The draft comes back: score 5 is checked for the first criterion, nothing for the second.
    assert re.search(rf'name="score_{c1.pk}" value="5"[^>]*checked', page)
    assert not re.search(rf'name="score_{c2.pk}"[^>]*checked', page)
    response = client.post(url, {f"score_{c1.pk}": 5, f"score_{c2.pk}": 3, "submit": "1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The lowest and the highest scores need a justification." in body
    response = client.post(
        url,
        {f"score_{c1.pk}": 5, f"justification_{c1.pk}": "Builds on the smelter", f"score_{c2.pk}": 3, "submit": "1"},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.status == "submitted" and str(evaluation.weighted_score) == "80.00"
    queue = client.get(reverse("evaluations:queue", args=[world["edp"].slug])).content.decode()
    assert "1 of 1 submitted" in queue


def test_evaluator_declares_a_conflict_from_the_page(world, as_role):
    client = as_role("evaluator")
    url = reverse("evaluations:declare_conflict", args=[world["edp"].slug, world["idea"].pk])
    response = client.post(url, {"reason": "My brother runs this SME."})
    assert response.status_code == 302
    assert not Assignment.objects.filter(evaluator__display_name="Hidden Evaluator Alpha", status="active").exists()
    assert Assignment.objects.filter(evaluator__display_name="Hidden Beta", status="active").exists()


def test_coordinator_decides_groups_and_exports(world, as_role):
    client = as_role("coordinator")
    slug, idea = world["edp"].slug, world["idea"]
    url = reverse("evaluations:idea", args=[slug, idea.pk])
    response = client.post(url, {"outcome": "not_retained", "rationale": "Weak"})
    assert response.status_code == 400 and "feedback is required" in response.content.decode()
    assert client.post(url, {"outcome": "shortlisted", "rationale": "Strong fit"}).status_code == 302
    assert IdeaDecision.objects.get(idea=idea).outcome == "shortlisted"
    other = IdeaFactory(edp=world["edp"], submitted=True)
    candidates = reverse("evaluations:candidates", args=[slug])
    response = client.post(candidates, {"title": "Metals", "rationale": "Shared assets", "ideas": [idea.pk, other.pk]})
    assert response.status_code == 400  # the other idea is not shortlisted, so not offered
    assert (
        client.post(candidates, {"title": "Metals", "rationale": "Shared assets", "ideas": [idea.pk]}).status_code
        == 302
    )
    assert CandidateSpecialisation.objects.get().ideas.get() == idea
    xlsx = client.get(reverse("evaluations:ranking_export", args=[slug, "xlsx"]))
    import io

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == idea.title or sheet["B3"].value == idea.title
    ranking = client.get(reverse("evaluations:ranking", args=[slug]), {"outcome": "shortlisted"}).content.decode()
    assert idea.title in ranking and other.title not in ranking
