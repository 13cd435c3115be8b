"""Who may open which evaluation page, export or API list — and that no one
sees scores or identities they must not see."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import Assignment
from evaluations.services import ScoreInput
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory

from .conftest import ALL_ROLES

pytestmark = pytest.mark.django_db

EVALUATORS = {"evaluator", "evaluator_unassigned", "evaluator_conflicted"}


def _expect(role, allowed, *, anonymous=302, denied=403):
    if role == "anonymous":
        return anonymous
    return 200 if role in allowed else denied


def _pages(world):
    slug, idea = world["edp"].slug, world["idea"].pk
    return {
        "settings": (reverse("evaluations:settings", args=[slug]), {"coordinator"}, 403),
        "panel": (reverse("evaluations:panel", args=[slug]), {"coordinator"}, 403),
        "ranking": (reverse("evaluations:ranking", args=[slug]), {"coordinator"}, 403),
        "csv": (reverse("evaluations:ranking_export", args=[slug, "csv"]), {"coordinator"}, 403),
        "xlsx": (reverse("evaluations:ranking_export", args=[slug, "xlsx"]), {"coordinator"}, 403),
        "idea": (reverse("evaluations:idea", args=[slug, idea]), {"coordinator"}, 403),
        "candidates": (reverse("evaluations:candidates", args=[slug]), {"coordinator"}, 403),
        "queue": (reverse("evaluations:queue", args=[slug]), EVALUATORS, 403),
        "score": (reverse("evaluations:score", args=[slug, idea]), {"evaluator"}, 403),
        "outcome": (reverse("evaluations:outcome", args=[slug, idea]), {"submitter"}, 404),
    }


@pytest.mark.parametrize(
    "page", ["settings", "panel", "ranking", "csv", "xlsx", "idea", "candidates", "queue", "score", "outcome"]
)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_page_permissions(page, role, world, as_role):
    url, allowed, denied = _pages(world)[page]
    if page == "score" and role in {"evaluator_unassigned", "evaluator_conflicted"}:
        denied = 404  # an evaluator learns nothing about others' assignments
    response = as_role(role).get(url)
    assert response.status_code == _expect(role, allowed, denied=denied), (page, role)


@pytest.mark.parametrize("endpoint", ["evaluation-ranking-list", "evaluation-assignments-list"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_api_permissions(endpoint, role, world, as_role):
    allowed = {"coordinator"} if endpoint == "evaluation-ranking-list" else EVALUATORS
    response = as_role(role).get(reverse(endpoint), {"edp": world["edp"].slug})
    assert response.status_code == _expect(role, allowed, anonymous=403), (endpoint, role)


@pytest.mark.parametrize("endpoint", ["evaluation-ranking-list", "evaluation-assignments-list"])
@pytest.mark.parametrize("role", ["anonymous", "citizen", "evaluator", "coordinator"])
def test_api_format_suffix(endpoint, role, world, as_role):
    """``/api/evaluation-ranking.json`` answers as the plain URL does (it
    raised a TypeError: the list did not take DRF's ``format`` argument)."""
    allowed = {"coordinator"} if endpoint == "evaluation-ranking-list" else EVALUATORS
    url = reverse(endpoint, kwargs={"format": "json"})
    assert url.endswith(".json")
    response = as_role(role).get(url, {"edp": world["edp"].slug})
    assert response.status_code == _expect(role, allowed, anonymous=403), (endpoint, role)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("application/json")
        assert "results" in response.json()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("evaluations:assign_auto", []),
        ("evaluations:assign_manual", []),
        ("evaluations:criteria_defaults", []),
    ],
)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_coordinator_actions_refused_to_others(name, args, role, world, as_role):
    before = Assignment.objects.count()
    response = as_role(role).post(reverse(name, args=[world["edp"].slug, *args]))
    if role == "coordinator":
        assert response.status_code == 302
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert Assignment.objects.count() == before


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_assigned_evaluator_can_post_scores(role, world, as_role):
    c1, c2 = world["criteria"]
    url = reverse("evaluations:score", args=[world["edp"].slug, world["idea"].pk])
    data = {f"score_{c1.pk}": 3, f"score_{c2.pk}": 3, "submit": "1"}
    response = as_role(role).post(url, data)
    submitted = Assignment.objects.filter(evaluation__status="submitted").exists()
    assert submitted == (role == "evaluator"), role
    expected = {"anonymous": 302, "evaluator": 302, "evaluator_unassigned": 404, "evaluator_conflicted": 404}
    assert response.status_code == expected.get(role, 403), role


def _submit(assignment, criteria, values, justification="because"):
    return services.evaluation_save(
        actor=assignment.evaluator,
        assignment=assignment,
        scores=[ScoreInput(c.pk, v, justification) for c, v in zip(criteria, values, strict=True)],
        submit=True,
    )


@pytest.fixture
def second_evaluator(world):
    user = UserFactory(display_name="Hidden Delta")
    EDPRoleFactory(edp=world["edp"], user=user, role="evaluator")
    return Assignment.objects.create(edp=world["edp"], idea=world["idea"], evaluator=user)


def test_evaluators_see_others_scores_only_after_submitting_and_never_their_names(world, second_evaluator, client):
    criteria = world["criteria"]
    _submit(second_evaluator, criteria, [5, 1], justification="Secret reasoning of Delta")
    me = world["assignment"].evaluator
    client.force_login(me)
    url = reverse("evaluations:score", args=[world["edp"].slug, world["idea"].pk])
    before = client.get(url).content.decode()
    assert "Secret reasoning of Delta" not in before and "Hidden Delta" not in before
    assert "All submitted evaluations" not in before
    _submit(world["assignment"], criteria, [3, 3])
    after = client.get(url).content.decode()
    assert "All submitted evaluations" in after
    assert "Evaluator A" in after or "Evaluator B" in after
    assert "Hidden Delta" not in after and second_evaluator.evaluator.email not in after
    # The API queue shows only my own assignments.
    api = client.get(reverse("evaluation-assignments-list"), {"edp": world["edp"].slug}).json()
    assert [row["idea"] for row in api["results"]] == [world["idea"].pk]
    assert "Hidden" not in str(api)


def test_submitters_never_see_evaluators_or_scores(world, second_evaluator, people, client):
    criteria = world["criteria"]
    _submit(second_evaluator, criteria, [5, 1], justification="Secret reasoning of Delta")
    _submit(world["assignment"], criteria, [3, 3])
    services.decision_record(
        actor=people["coordinator"],
        edp=world["edp"],
        idea_id=world["idea"].pk,
        outcome="not_retained",
        rationale="Internal rationale: weak market",
        feedback="Please find an industrial buyer first.",
    )
    client.force_login(people["submitter"])
    page = client.get(reverse("evaluations:outcome", args=[world["edp"].slug, world["idea"].pk])).content.decode()
    assert "Please find an industrial buyer first." in page
    for secret in ("Hidden", "Secret reasoning", "Internal rationale", "55.00"):
        assert secret not in page


def test_exports_and_api_name_no_evaluator(world, second_evaluator, people, as_role):
    _submit(second_evaluator, world["criteria"], [5, 1])
    client = as_role("coordinator")
    slug = world["edp"].slug
    csv_text = client.get(reverse("evaluations:ranking_export", args=[slug, "csv"])).content.decode("utf-8-sig")
    assert world["idea"].title in csv_text and "Hidden" not in csv_text
    api = client.get(reverse("evaluation-ranking-list"), {"edp": slug}).json()
    assert api["results"][0]["title"] == world["idea"].title and "Hidden" not in str(api)
    # The coordinator, and only they, see who scored what.
    page = client.get(reverse("evaluations:idea", args=[slug, world["idea"].pk])).content.decode()
    assert "Hidden Delta" in page


def test_coordinator_of_another_region_gets_nothing_by_api_either(world, as_role):
    response = as_role("other_coordinator").get(reverse("evaluation-ranking-list"), {"edp": world["edp"].slug})
    assert response.status_code == 403
