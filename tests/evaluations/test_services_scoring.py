from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import DomainError
from evaluations import services
from evaluations.models import CriterionScore, Evaluation, EvaluationSettings
from evaluations.services import CriterionInput, EvaluationInvalid, ScoreInput
from tests.factories.evaluations import EvaluationCriterionFactory

pytestmark = pytest.mark.django_db


def _save(world, scores, submit=False, **kwargs):
    a = world["assignment"]
    return services.evaluation_save(actor=a.evaluator, assignment=a, scores=scores, submit=submit, **kwargs)


def test_draft_then_submit_computes_the_weighted_score(world):
    c1, c2 = world["criteria"]
    draft = _save(world, [ScoreInput(c1.pk, 4)])
    assert draft.status == Evaluation.Status.DRAFT and draft.weighted_score is None
    with pytest.raises(EvaluationInvalid) as exc:
        _save(world, [ScoreInput(c1.pk, 4)], submit=True)
    assert exc.value.errors == {f"score_{c2.pk}": "Score this criterion before submitting."}
    done = _save(world, [ScoreInput(c1.pk, 4), ScoreInput(c2.pk, 2)], submit=True, comment="Solid")
    # 60·(4−1)/4 + 40·(2−1)/4 = 45 + 10
    assert done.weighted_score == Decimal("55.00")
    assert done.status == Evaluation.Status.SUBMITTED and done.submitted_at
    with pytest.raises(DomainError, match="already submitted"):
        _save(world, [ScoreInput(c1.pk, 1), ScoreInput(c2.pk, 1)], submit=True)


def test_extremes_need_a_justification(world):
    c1, c2 = world["criteria"]
    with pytest.raises(EvaluationInvalid) as exc:
        _save(world, [ScoreInput(c1.pk, 5), ScoreInput(c2.pk, 1, "  ")], submit=True)
    assert set(exc.value.errors) == {f"justification_{c1.pk}", f"justification_{c2.pk}"}
    assert not Evaluation.objects.filter(status="submitted").exists()
    # Drafts may leave justifications for later.
    _save(world, [ScoreInput(c1.pk, 5), ScoreInput(c2.pk, 1)])
    done = _save(
        world, [ScoreInput(c1.pk, 5, "Builds on the smelter"), ScoreInput(c2.pk, 1, "No buyer yet")], submit=True
    )
    assert done.weighted_score == Decimal("60.00")
    assert CriterionScore.objects.get(evaluation=done, criterion=c1).justification == "Builds on the smelter"


def test_out_of_scale_and_foreign_criteria_are_refused(world):
    c1, _c2 = world["criteria"]
    with pytest.raises(EvaluationInvalid) as exc:
        _save(world, [ScoreInput(c1.pk, 9)])
    assert "from 1 to 5" in exc.value.errors[f"score_{c1.pk}"]
    foreign = EvaluationCriterionFactory()
    with pytest.raises(DomainError, match="another EDP"):
        _save(world, [ScoreInput(foreign.pk, 3)])


def test_deadline_is_enforced(world):
    EvaluationSettings.objects.update_or_create(
        edp=world["edp"], defaults={"deadline": timezone.now() - timedelta(minutes=1)}
    )
    c1, c2 = world["criteria"]
    with pytest.raises(DomainError, match="deadline passed"):
        _save(world, [ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 3)], submit=True)


def test_only_the_assigned_evaluator_scores(world, people):
    c1, _ = world["criteria"]
    with pytest.raises(DomainError, match="not assigned to you"):
        services.evaluation_save(
            actor=people["evaluator_unassigned"], assignment=world["assignment"], scores=[ScoreInput(c1.pk, 3)]
        )


def test_scoring_needs_the_evaluation_stage_and_a_valid_grid(world):
    c1, c2 = world["criteria"]
    c2.weight = 30
    c2.save()
    with pytest.raises(DomainError, match="weights total 90%"):
        _save(world, [ScoreInput(c1.pk, 3)])
    edp = world["edp"]
    edp.stage = "consultation"
    edp.save()
    with pytest.raises(DomainError, match="Scoring is closed"):
        _save(world, [ScoreInput(c1.pk, 3)])


def test_the_first_draft_freezes_the_criteria(world):
    c1, c2 = world["criteria"]
    _save(world, [ScoreInput(c1.pk, 3)])
    settings = EvaluationSettings.objects.get(edp=world["edp"])
    assert settings.criteria_frozen_at and settings.criteria_frozen_reason == "scoring_started"
    with pytest.raises(DomainError, match="frozen since"):
        services.criteria_save(
            actor=None,
            edp=world["edp"],
            rows=[
                CriterionInput(id=c1.pk, name="Fit", guidance="", weight=50),
                CriterionInput(id=c2.pk, name="Market", guidance="", weight=50),
            ],
        )


# --- Conflicts that arise after assignment -------------------------------------


def test_an_evaluator_who_joins_the_submitting_organisation_is_refused_and_the_idea_handed_on(world, people):
    """A real panel expects the conflicted evaluator out and someone else in:
    the draft is discarded, the assignment released with the reason, and the
    idea goes to a free evaluator (Beta; Gamma is conflicted from the start)."""
    from evaluations.models import Assignment
    from tests.factories.stakeholders import MembershipFactory

    c1, c2 = world["criteria"]
    _save(world, [ScoreInput(c1.pk, 4)])  # a draft, while still free of conflict
    MembershipFactory(organisation=world["org"], user=people["evaluator"])
    with pytest.raises(DomainError) as exc:
        _save(world, [ScoreInput(c1.pk, 4), ScoreInput(c2.pk, 3)], submit=True)
    assert exc.value.code == "conflict"
    assert "belongs to the submitting organisation" in exc.value.message
    assert "handed to another evaluator" in exc.value.message
    assignment = Assignment.objects.get(pk=world["assignment"].pk)
    assert assignment.status == Assignment.Status.RELEASED
    assert "Conflict of interest found when scoring" in assignment.release_reason
    assert not Evaluation.objects.filter(assignment=assignment).exists()
    active = set(Assignment.objects.filter(idea=world["idea"], status="active").values_list("evaluator_id", flat=True))
    assert active == {people["evaluator_unassigned"].pk}


def test_a_partner_conflict_with_nobody_left_says_the_coordinator_must_find_someone(world, people):
    from edp.models import EDPRole
    from evaluations.models import Assignment
    from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

    c1, c2 = world["criteria"]
    partner = OrganisationFactory(name="Partner University")
    world["idea"].partners.add(partner)
    EDPRole.objects.filter(user=people["evaluator_unassigned"]).delete()
    MembershipFactory(organisation=partner, user=people["evaluator"])
    with pytest.raises(DomainError) as exc:
        _save(world, [ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 3)])
    assert "belongs to a partner organisation" in exc.value.message
    assert "coordinator was left to find another evaluator" in exc.value.message
    assert not Assignment.objects.filter(idea=world["idea"], status="active").exists()


def test_a_submitted_evaluation_is_not_undone_by_a_later_conflict(world, people):
    from evaluations.models import Assignment
    from tests.factories.stakeholders import MembershipFactory

    c1, c2 = world["criteria"]
    _save(world, [ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 3)], submit=True)
    MembershipFactory(organisation=world["org"], user=people["evaluator"])
    with pytest.raises(DomainError, match="already submitted"):
        _save(world, [ScoreInput(c1.pk, 4), ScoreInput(c2.pk, 4)], submit=True)
    assert Assignment.objects.get(pk=world["assignment"].pk).status == Assignment.Status.ACTIVE


def test_the_score_page_sends_a_newly_conflicted_evaluator_back_to_the_queue(world, people, client):
    from django.urls import reverse

    from tests.factories.stakeholders import MembershipFactory

    c1, c2 = world["criteria"]
    MembershipFactory(organisation=world["org"], user=people["evaluator"])
    client.force_login(people["evaluator"])
    slug = world["edp"].slug
    response = client.post(
        reverse("evaluations:score", args=[slug, world["idea"].pk]),
        {f"score_{c1.pk}": 3, f"score_{c2.pk}": 3},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("evaluations:queue", args=[slug])
    page = response.content.decode()
    assert "You can no longer evaluate this idea" in page
    assert not Evaluation.objects.exists()
    assert client.get(reverse("evaluations:score", args=[slug, world["idea"].pk])).status_code == 404


def test_the_score_page_warns_an_evaluator_who_became_conflicted(world, people, client):
    from django.urls import reverse

    from tests.factories.stakeholders import MembershipFactory

    client.force_login(people["evaluator"])
    url = reverse("evaluations:score", args=[world["edp"].slug, world["idea"].pk])
    assert "A conflict of interest now exists" not in client.get(url).content.decode()
    MembershipFactory(organisation=world["org"], user=people["evaluator"])
    page = client.get(url).content.decode()
    assert "A conflict of interest now exists: the evaluator belongs to the submitting organisation." in page
    # Reading the page changes nothing: the assignment is released only when they try to score.
    assert world["assignment"].__class__.objects.get(pk=world["assignment"].pk).is_active
