import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from evaluations import services
from evaluations.models import EvaluationCriterion
from evaluations.services import CriterionInput
from tests.factories.edp import EDPFactory
from tests.factories.evaluations import EvaluationCriterionFactory

from .conftest import ROLES

pytestmark = pytest.mark.django_db


def _rows(edp):
    return [
        CriterionInput(id=c.pk, name=c.name, guidance=c.guidance, weight=c.weight)
        for c in EvaluationCriterion.objects.filter(edp=edp)
    ]


def test_defaults_total_100_in_three_languages(edp):
    created = services.criteria_add_defaults(actor=None, edp=edp)
    assert len(created) == 6
    assert sum(c.weight for c in created) == 100
    first = EvaluationCriterion.objects.get(edp=edp, key="regional-assets")
    assert first.name_en == "Fit with regional assets"
    assert first.name_ru and first.name_kk and first.guidance_kk
    with pytest.raises(DomainError, match="already has criteria"):
        services.criteria_add_defaults(actor=None, edp=edp)


def test_weights_must_total_100_and_nothing_is_half_written(edp):
    services.criteria_add_defaults(actor=None, edp=edp)
    rows = _rows(edp)
    rows[0] = CriterionInput(id=rows[0].id, name="Renamed", guidance="", weight=rows[0].weight + 5)
    with pytest.raises(DomainError, match="total 105%"):
        services.criteria_save(actor=None, edp=edp, rows=rows)
    assert not EvaluationCriterion.objects.filter(name="Renamed").exists()
    # Moving 5 points from one criterion to another is fine in one go.
    rows[1] = CriterionInput(id=rows[1].id, name=rows[1].name, guidance="", weight=rows[1].weight - 5)
    services.criteria_save(actor=None, edp=edp, rows=rows)
    assert EvaluationCriterion.objects.get(pk=rows[0].id).name == "Renamed"


def test_deleting_and_adding_in_one_save(edp):
    a = EvaluationCriterionFactory(edp=edp, weight=60)
    b = EvaluationCriterionFactory(edp=edp, weight=40)
    services.criteria_save(
        actor=None,
        edp=edp,
        rows=[
            CriterionInput(id=a.pk, name=a.name, guidance="", weight=60),
            CriterionInput(id=b.pk, name=b.name, guidance="", weight=40, delete=True),
            CriterionInput(id=None, name="New one", guidance="", weight=40, scale_min=0, scale_max=10),
        ],
    )
    assert sorted(EvaluationCriterion.objects.filter(edp=edp).values_list("name", flat=True)) == sorted(
        [a.name, "New one"]
    )


def test_ids_of_another_edp_are_refused(edp):
    foreign = EvaluationCriterionFactory(edp=EDPFactory(), weight=100)
    with pytest.raises(DomainError, match="does not belong"):
        services.criteria_save(
            actor=None, edp=edp, rows=[CriterionInput(id=foreign.pk, name="Hijack", guidance="", weight=100)]
        )
    foreign.refresh_from_db()
    assert foreign.name != "Hijack"


def test_frozen_criteria_refuse_changes_with_the_reason(edp):
    c = EvaluationCriterionFactory(edp=edp, weight=100)
    services.criteria_freeze(edp=edp, when=timezone.now())
    with pytest.raises(DomainError, match="frozen since .*scoring has started"):
        services.criteria_save(actor=None, edp=edp, rows=[CriterionInput(id=c.pk, name="x", guidance="", weight=100)])


def test_stage_without_criteria_editing_refuses(edp):
    edp.stage = "consultation"
    edp.save()
    with pytest.raises(DomainError, match="cannot be changed"):
        services.criteria_add_defaults(actor=None, edp=edp)


@pytest.mark.parametrize("role", ROLES)
def test_criteria_page_is_public_but_only_coordinators_edit(role, edp, as_role):
    EvaluationCriterionFactory(
        edp=edp, weight=100, name="<script>alert(1)</script>", guidance="<img src=x onerror=alert(1)>"
    )
    client = as_role(role)
    url = reverse("evaluations:criteria", args=[edp.slug])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body
    assert ("criteria-TOTAL_FORMS" in body) == (role == "coordinator")
    post = client.post(reverse("evaluations:criteria_defaults", args=[edp.slug]))
    assert post.status_code == {"anonymous": 302, "coordinator": 302}.get(role, 403)


def test_coordinator_edits_the_grid_through_the_page(edp, as_role):
    client = as_role("coordinator")
    url = reverse("evaluations:criteria", args=[edp.slug])
    client.post(reverse("evaluations:criteria_defaults", args=[edp.slug]))
    criteria = list(EvaluationCriterion.objects.filter(edp=edp))
    data = {"criteria-TOTAL_FORMS": len(criteria) + 1, "criteria-INITIAL_FORMS": len(criteria)}
    for i, c in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-name": c.name,
            f"criteria-{i}-guidance": c.guidance,
            f"criteria-{i}-weight": c.weight,
            f"criteria-{i}-scale_min": 1,
            f"criteria-{i}-scale_max": 5,
        }
    n = len(criteria)
    data |= {f"criteria-{n}-scale_min": 1, f"criteria-{n}-scale_max": 5}  # the empty extra row, as rendered
    data["criteria-0-weight"] = 30  # now 110%
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "110%" in body, body[body.find("<main") : body.find("</main>")]
    data["criteria-1-weight"] = 10
    response = client.post(url, data)
    assert response.status_code == 302
    assert EvaluationCriterion.objects.get(pk=criteria[0].pk).weight == 30
    data["criteria-2-scale_max"] = 0
    response = client.post(url, data)
    assert response.status_code == 400
    assert "highest score must be above" in response.content.decode()


def test_settings_page_for_coordinators_only(edp, as_role):
    url = reverse("evaluations:settings", args=[edp.slug])
    for role in ROLES:
        status = as_role(role).get(url).status_code
        assert status == {"anonymous": 302, "coordinator": 200}.get(role, 403), role
    client = as_role("coordinator")
    response = client.post(url, {"reviewers_per_idea": 2, "disagreement_threshold": 30, "deadline": "2001-01-01T10:00"})
    assert response.status_code == 400 and "must be in the future" in response.content.decode()
    response = client.post(url, {"reviewers_per_idea": 2, "disagreement_threshold": 30})
    assert response.status_code == 302
    assert edp.evaluation_settings.reviewers_per_idea == 2


def test_entering_evaluation_needs_a_full_grid_and_a_panel():
    from edp import services as edp_services
    from edp.models import EDPRole
    from tests.factories.edp import EDPRoleFactory, IdeaFactory

    edp = EDPFactory(stage="foresight")
    IdeaFactory(edp=edp, submitted=True)
    with pytest.raises(DomainError) as caught:
        edp_services.edp_transition(edp=edp, actor=None, to_stage="evaluation")
    assert "no evaluation criteria are defined" in str(caught.value)
    assert "the evaluation panel has no evaluator yet" in str(caught.value)
    EvaluationCriterionFactory(edp=edp, weight=70)
    EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR)
    with pytest.raises(DomainError, match="weights total 70%, not 100%"):
        edp_services.edp_transition(edp=edp, actor=None, to_stage="evaluation")
    EvaluationCriterionFactory(edp=edp, weight=30)
    edp_services.edp_transition(edp=edp, actor=None, to_stage="evaluation")
    edp.refresh_from_db()
    assert edp.stage == "evaluation"
