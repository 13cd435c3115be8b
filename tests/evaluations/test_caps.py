"""Personal caps on the panel: someone who can only review three ideas.
Automatic assignment and assignment by hand respect them, the refusals say
why, and only the coordinators of the EDP can set them."""

import pytest
from django.urls import reverse

from core.errors import DomainError
from edp.models import EDPRole
from evaluations import services
from evaluations.models import Assignment, EvaluationSettings, EvaluatorCap
from stakeholders.choices import Helix, OrganisationKind
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory, IdeaFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

from .conftest import ALL_ROLES

pytestmark = pytest.mark.django_db

KINDS = {
    Helix.ACADEMIA: OrganisationKind.UNIVERSITY,
    Helix.INDUSTRY: OrganisationKind.SME,
    Helix.GOVERNMENT: OrganisationKind.AKIMAT_DEPARTMENT,
    Helix.CIVIL_SOCIETY: OrganisationKind.NGO,
}


def _evaluator(edp, name, helix=Helix.ACADEMIA):
    user = UserFactory(display_name=name)
    EDPRoleFactory(edp=edp, user=user, role=EDPRole.Role.EVALUATOR)
    MembershipFactory(organisation=OrganisationFactory(helix=helix, kind=KINDS[helix]), user=user)
    return user


def _load(user):
    return Assignment.objects.filter(evaluator=user, status=Assignment.Status.ACTIVE).count()


@pytest.fixture
def four(edp):
    """Four evaluators of four helices and six submitted ideas, k = 2."""
    EvaluationSettings.objects.create(edp=edp, reviewers_per_idea=2)
    ideas = [IdeaFactory(edp=edp, submitted=True, title=f"Idea {n}") for n in range(6)]
    people = [
        _evaluator(edp, name, helix)
        for name, helix in (
            ("Aigerim Busy", Helix.ACADEMIA),
            ("Bolat", Helix.INDUSTRY),
            ("Dana", Helix.GOVERNMENT),
            ("Erlan", Helix.CIVIL_SOCIETY),
        )
    ]
    return ideas, people


def test_automatic_assignment_respects_a_personal_cap(edp, four):
    ideas, (busy, *others) = four
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=1)
    result = services.assignments_auto(actor=None, edp=edp)
    assert _load(busy) == 1
    loads = sorted(_load(u) for u in others)
    assert sum(loads) == 11 and max(loads) - min(loads) <= 1  # the rest share the work evenly
    assert result.shortfalls == []


def test_a_personal_cap_replaces_the_edp_wide_maximum(edp, four):
    ideas, (generous, *others) = four
    EvaluationSettings.objects.filter(edp=edp).update(max_load=2)
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=generous.pk, max_ideas=6)
    services.assignments_auto(actor=None, edp=edp)
    assert [_load(u) for u in others] == [2, 2, 2]
    assert _load(generous) == 6


def test_shortfall_names_who_is_full_and_by_which_cap(edp, four):
    ideas, (busy, bolat, dana, erlan) = four
    EvaluationSettings.objects.filter(edp=edp).update(max_load=2)
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=1)
    result = services.assignments_auto(actor=None, edp=edp)
    assert Assignment.objects.count() == 7  # 1 + 2 + 2 + 2: every cap reached
    assert len(result.shortfalls) == 5  # 12 wanted, the shortage spread: no idea left without anyone
    assert all(Assignment.objects.filter(idea=i).exists() for i in ideas)
    message = result.shortfalls[0].message
    assert "free of conflict but already holding the most ideas allowed" in message
    assert "raise a cap on the panel page" in message
    names = {"Aigerim Busy": "personal cap of 1", "Bolat": "EDP-wide maximum of 2"}
    mentioned = [name for name in names if name in " ".join(s.message for s in result.shortfalls)]
    assert mentioned == list(names)
    assert any("Aigerim Busy: personal cap of 1" in s.message for s in result.shortfalls)
    assert any("Bolat: EDP-wide maximum of 2" in s.message for s in result.shortfalls)


def test_manual_assignment_refused_at_the_cap_with_the_reason(edp, four):
    ideas, (busy, *_others) = four
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=1)
    services.assignment_add(actor=None, edp=edp, idea_id=ideas[0].pk, evaluator_id=busy.pk)
    with pytest.raises(DomainError) as refused:
        services.assignment_add(actor=None, edp=edp, idea_id=ideas[1].pk, evaluator_id=busy.pk)
    assert refused.value.code == "cap" and refused.value.field == "evaluator"
    assert refused.value.message == (
        "Aigerim Busy already holds 1 idea, the most allowed for them (personal cap of 1). "
        "Raise their cap on the panel page or choose someone else."
    )
    assert _load(busy) == 1
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=2)
    services.assignment_add(actor=None, edp=edp, idea_id=ideas[1].pk, evaluator_id=busy.pk)
    assert _load(busy) == 2


def test_manual_assignment_respects_the_edp_wide_maximum_too(edp, four):
    ideas, (someone, *_others) = four
    EvaluationSettings.objects.filter(edp=edp).update(max_load=1)
    services.assignment_add(actor=None, edp=edp, idea_id=ideas[0].pk, evaluator_id=someone.pk)
    with pytest.raises(DomainError, match=r"the most allowed for them \(EDP-wide maximum of 1\)"):
        services.assignment_add(actor=None, edp=edp, idea_id=ideas[1].pk, evaluator_id=someone.pk)


def test_a_declared_conflict_is_handed_to_someone_with_room(edp, four):
    ideas, (busy, bolat, dana, erlan) = four
    EvaluationSettings.objects.filter(edp=edp).update(reviewers_per_idea=1)
    for user in (busy, bolat):
        services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=user.pk, max_ideas=0)
    services.assignments_auto(actor=None, edp=edp)
    assert _load(busy) == _load(bolat) == 0
    assignment = Assignment.objects.filter(evaluator=dana).first()
    services.conflict_declare(actor=dana, assignment=assignment, reason="My brother runs this company.")
    replacement = Assignment.objects.get(idea=assignment.idea, status=Assignment.Status.ACTIVE)
    assert replacement.evaluator == erlan


def test_setting_a_cap(edp, four, people):
    ideas, (busy, *_others) = four
    outsider = UserFactory()
    with pytest.raises(DomainError, match="not on the evaluation panel"):
        services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=outsider.pk, max_ideas=3)
    with pytest.raises(DomainError, match="from 0 to 500") as refused:
        services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=501)
    assert refused.value.field == "max_ideas"
    for idea in ideas[:3]:
        services.assignment_add(actor=None, edp=edp, idea_id=idea.pk, evaluator_id=busy.pk)
    # A cap below what they already hold is recorded; the result says so.
    result = services.evaluator_cap_set(actor=people["coordinator"], edp=edp, evaluator_id=busy.pk, max_ideas=2)
    assert (result.cap, result.personal, result.load) == (2, True, 3)
    cap = EvaluatorCap.objects.get(edp=edp, evaluator=busy)
    assert cap.set_by == people["coordinator"] and cap.history.count() == 1
    result = services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=None)
    assert (result.cap, result.personal) == (None, False)
    assert not EvaluatorCap.objects.filter(edp=edp).exists()


def test_caps_of_one_edp_do_not_apply_in_another(edp, four):
    from tests.factories.edp import EDPFactory

    ideas, (busy, *_others) = four
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=busy.pk, max_ideas=0)
    other = EDPFactory(stage="evaluation")
    EDPRoleFactory(edp=other, user=busy, role=EDPRole.Role.EVALUATOR)
    idea = IdeaFactory(edp=other, submitted=True)
    assignment = services.assignment_add(actor=None, edp=other, idea_id=idea.pk, evaluator_id=busy.pk)
    assert assignment.is_active and _load(busy) == 1


# --- The panel page -----------------------------------------------------------


def _cap_url(edp, user):
    return reverse("evaluations:evaluator_cap", args=[edp.slug, user.pk])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_coordinators_of_this_edp_set_caps(role, world, people, as_role):
    target = people["evaluator"]
    response = as_role(role).post(_cap_url(world["edp"], target), {f"cap-{target.pk}-max_ideas": "2"})
    if role == "coordinator":
        assert response.status_code == 302
        assert EvaluatorCap.objects.get(evaluator=target).max_ideas == 2
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert not EvaluatorCap.objects.exists()


def test_the_panel_shows_caps_and_who_is_full(world, people, as_role):
    edp, target = world["edp"], people["evaluator"]
    client = as_role("coordinator")
    response = client.post(_cap_url(edp, target), {f"cap-{target.pk}-max_ideas": "1"}, follow=True)
    page = response.content.decode()
    assert "The personal cap is set to 1 idea." in page
    assert f'id="id_cap-{target.pk}-max_ideas" value="1"' in page
    assert "personal cap" in page and '<span class="badge text-bg-warning">full</span>' in page
    assert 'aria-label="Most ideas' not in page  # a real <label>, visually hidden
    assert "Most ideas for Hidden Evaluator Alpha" in page


def test_a_cap_below_the_load_is_accepted_with_a_warning(world, people, as_role):
    edp, target = world["edp"], people["evaluator"]
    response = as_role("coordinator").post(_cap_url(edp, target), {f"cap-{target.pk}-max_ideas": "0"}, follow=True)
    page = response.content.decode()
    assert "They already hold 1 idea, more than the cap" in page
    assert '<span class="badge text-bg-danger">over the cap</span>' in page
    assert EvaluatorCap.objects.get(evaluator=target).max_ideas == 0


def test_a_bad_cap_is_refused_next_to_the_field(world, people, as_role):
    edp, target = world["edp"], people["evaluator"]
    response = as_role("coordinator").post(_cap_url(edp, target), {f"cap-{target.pk}-max_ideas": "-3"})
    assert response.status_code == 400
    page = response.content.decode()
    field_id = f"id_cap-{target.pk}-max_ideas"
    assert f'id="{field_id}-error"' in page and "greater than or equal to 0" in page
    assert f'aria-describedby="{field_id}-help {field_id}-error"' in page
    assert not EvaluatorCap.objects.exists()


def test_a_cap_for_someone_off_the_panel_is_not_found(world, people, as_role):
    """The id comes from the URL: someone who is not on this EDP's panel is
    not found here (the service refuses them too, see above)."""
    response = as_role("coordinator").post(
        _cap_url(world["edp"], people["citizen"]), {f"cap-{people['citizen'].pk}-max_ideas": "2"}
    )
    assert response.status_code == 404
    assert not EvaluatorCap.objects.exists()


def test_names_in_cap_refusals_are_escaped(world, people, as_role):
    edp, idea = world["edp"], world["idea"]
    evil = UserFactory(display_name='<script>alert("x")</script>')
    EDPRoleFactory(edp=edp, user=evil, role=EDPRole.Role.EVALUATOR)
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=evil.pk, max_ideas=0)
    client = as_role("coordinator")
    response = client.post(
        reverse("evaluations:assign_manual", args=[edp.slug]), {"idea": idea.pk, "evaluator": evil.pk}, follow=True
    )
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; already holds 0 ideas" in page


def test_the_panel_shows_an_idea_left_short_by_a_declared_conflict(world, people, as_role):
    """The evaluator's conflict releases the idea; if nobody with room can
    take it (here: the only other evaluator has a cap of 0), the coordinator
    sees the shortage on the panel without having done anything."""
    edp = world["edp"]
    EvaluationSettings.objects.update_or_create(edp=edp, defaults={"reviewers_per_idea": 1})
    services.evaluator_cap_set(actor=None, edp=edp, evaluator_id=people["evaluator_unassigned"].pk, max_ideas=0)
    page = as_role("coordinator").get(reverse("evaluations:panel", args=[edp.slug])).content.decode()
    assert "evaluator missing" not in page and "lacks evaluators" not in page
    result = services.conflict_declare(
        actor=people["evaluator"], assignment=world["assignment"], reason="I consulted for this company in 2025."
    )
    assert result.created == [] and "Hidden Beta: personal cap of 0" in result.shortfalls[0].message
    page = as_role("coordinator").get(reverse("evaluations:panel", args=[edp.slug])).content.decode()
    assert "1 evaluator missing" in page
    assert "1 idea lacks evaluators." in page
