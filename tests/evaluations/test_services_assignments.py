import pytest
from django.core import mail  # noqa: F401

from core.errors import DomainError
from edp.models import EDPRole
from evaluations import services
from evaluations.models import Assignment, ConflictOfInterest, Evaluation
from evaluations.services import ScoreInput
from stakeholders.choices import Helix, OrganisationKind
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory, IdeaFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _evaluator(edp, helix=Helix.ACADEMIA, org=None, **kwargs):
    user = UserFactory(**kwargs)
    EDPRoleFactory(edp=edp, user=user, role=EDPRole.Role.EVALUATOR)
    org = org or OrganisationFactory(
        helix=helix,
        kind={
            Helix.ACADEMIA: OrganisationKind.UNIVERSITY,
            Helix.INDUSTRY: OrganisationKind.SME,
            Helix.GOVERNMENT: OrganisationKind.AKIMAT_DEPARTMENT,
            Helix.CIVIL_SOCIETY: OrganisationKind.NGO,
        }[helix],
    )
    MembershipFactory(organisation=org, user=user)
    return user


def test_automatic_conflicts_are_never_assigned(edp):
    sme = OrganisationFactory(name="SME")
    uni = OrganisationFactory(name="Uni", helix=Helix.ACADEMIA, kind=OrganisationKind.UNIVERSITY)
    author = UserFactory()
    idea = IdeaFactory(edp=edp, organisation=sme, submitted=True, co_authors=[author], partners=[uni])
    from_sme = _evaluator(edp, org=sme)
    from_partner = _evaluator(edp, org=uni)
    co_author = _evaluator(edp)
    EDPRoleFactory(edp=edp, user=author, role=EDPRole.Role.EVALUATOR)  # the co-author is also on the panel
    submitter_on_panel = idea.submitter
    EDPRoleFactory(edp=edp, user=submitter_on_panel, role=EDPRole.Role.EVALUATOR)
    free = [_evaluator(edp, helix=h) for h in (Helix.GOVERNMENT, Helix.CIVIL_SOCIETY)]
    result = services.assignments_auto(actor=None, edp=edp)
    assigned = set(Assignment.objects.filter(idea=idea).values_list("evaluator_id", flat=True))
    assert assigned.isdisjoint({from_sme.pk, from_partner.pk, author.pk, submitter_on_panel.pk})
    assert assigned == {free[0].pk, free[1].pk, co_author.pk}
    assert result.shortfalls == []


def test_shortfall_says_which_idea_and_why(edp):
    sme = OrganisationFactory()
    idea = IdeaFactory(edp=edp, organisation=sme, submitted=True, title="Dross recycling")
    _evaluator(edp, org=sme)
    _evaluator(edp)
    result = services.assignments_auto(actor=None, edp=edp)
    (short,) = result.shortfalls
    assert short.idea == idea and short.missing == 2
    assert "2 evaluators are missing" in short.message
    assert "the panel has 2 evaluators" in short.message
    assert "1 belongs to the submitting organisation" in short.message


def test_auto_assignment_is_idempotent_and_balanced(edp):
    ideas = [IdeaFactory(edp=edp, submitted=True) for _ in range(5)]
    panel = [_evaluator(edp, helix=h) for h in (Helix.ACADEMIA, Helix.INDUSTRY, Helix.GOVERNMENT, Helix.CIVIL_SOCIETY)]
    services.assignments_auto(actor=None, edp=edp)
    loads = [Assignment.objects.filter(evaluator=p).count() for p in panel]
    assert sum(loads) == 15 and max(loads) - min(loads) <= 1
    again = services.assignments_auto(actor=None, edp=edp)
    assert again.created == [] and Assignment.objects.count() == 15
    for idea in ideas:
        assert Assignment.objects.filter(idea=idea).count() == 3


def test_draft_and_withdrawn_ideas_are_not_assigned(edp):
    IdeaFactory(edp=edp)  # draft
    IdeaFactory(edp=edp, status="withdrawn")
    _evaluator(edp)
    with pytest.raises(DomainError, match="no submitted ideas"):
        services.assignments_auto(actor=None, edp=edp)


def test_assignment_needs_the_evaluation_stage(edp):
    edp.stage = "foresight"
    edp.save()
    IdeaFactory(edp=edp, submitted=True)
    with pytest.raises(DomainError, match="assigned during idea evaluation"):
        services.assignments_auto(actor=None, edp=edp)


def test_manual_assignment_refuses_conflicts_with_the_reason(world):
    edp, idea = world["edp"], world["idea"]
    from evaluations.ideas import panel

    member = next(m for m in panel(edp) if m.name == "Hidden Gamma")
    with pytest.raises(DomainError, match="belongs to the submitting organisation"):
        services.assignment_add(actor=None, edp=edp, idea_id=idea.pk, evaluator_id=member.user_id)
    outsider = UserFactory()
    with pytest.raises(DomainError, match="not on the evaluation panel"):
        services.assignment_add(actor=None, edp=edp, idea_id=idea.pk, evaluator_id=outsider.pk)
    with pytest.raises(DomainError, match="already assigned"):
        services.assignment_add(actor=None, edp=edp, idea_id=idea.pk, evaluator_id=world["assignment"].evaluator_id)
    beta = next(m for m in panel(edp) if m.name == "Hidden Beta")
    created = services.assignment_add(actor=None, edp=edp, idea_id=idea.pk, evaluator_id=beta.user_id)
    assert created.source == Assignment.Source.MANUAL


def test_ideas_of_another_edp_cannot_be_assigned(world):
    other_idea = IdeaFactory(submitted=True)
    with pytest.raises(DomainError, match="not a submitted idea of this EDP"):
        services.assignment_add(
            actor=None, edp=world["edp"], idea_id=other_idea.pk, evaluator_id=world["assignment"].evaluator_id
        )


def test_declared_conflict_releases_discards_draft_and_reassigns(world):
    assignment = world["assignment"]
    evaluator = assignment.evaluator
    c1, _c2 = world["criteria"]
    services.evaluation_save(actor=evaluator, assignment=assignment, scores=[ScoreInput(c1.pk, 3)])
    with pytest.raises(DomainError, match="at least 10 characters"):
        services.conflict_declare(actor=evaluator, assignment=assignment, reason="short")
    result = services.conflict_declare(
        actor=evaluator, assignment=assignment, reason="I advised this company last year."
    )
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RELEASED
    assert "advised this company" in assignment.release_reason
    assert not Evaluation.objects.filter(assignment=assignment).exists()
    assert ConflictOfInterest.objects.filter(idea=world["idea"], evaluator=evaluator).exists()
    # The unconflicted evaluator replaces them; the conflicted one never does.
    active = set(
        Assignment.objects.filter(idea=world["idea"], status="active").values_list("evaluator__display_name", flat=True)
    )
    assert active == {"Hidden Beta"}
    assert result.shortfalls and "declared a conflict of interest" in result.shortfalls[0].message


def test_someone_else_cannot_declare_a_conflict_on_my_assignment(world, people):
    with pytest.raises(DomainError, match="not assigned to you"):
        services.conflict_declare(
            actor=people["evaluator_unassigned"], assignment=world["assignment"], reason="Trying to grab it away."
        )


def test_release_by_coordinator_and_not_after_submission(world, people):
    edp, assignment = world["edp"], world["assignment"]
    with pytest.raises(DomainError, match="Say why"):
        services.assignment_release(actor=people["coordinator"], edp=edp, assignment_id=assignment.pk, reason=" ")
    c1, c2 = world["criteria"]
    services.evaluation_save(
        actor=assignment.evaluator,
        assignment=assignment,
        scores=[ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 4)],
        submit=True,
    )
    with pytest.raises(DomainError, match="already submitted"):
        services.assignment_release(
            actor=people["coordinator"], edp=edp, assignment_id=assignment.pk, reason="Too slow"
        )


def test_auto_assign_does_not_bring_back_an_evaluator_the_coordinator_removed(world, people):
    edp, assignment = world["edp"], world["assignment"]
    services.assignment_release(actor=people["coordinator"], edp=edp, assignment_id=assignment.pk, reason="Busy")
    result = services.assignments_auto(actor=people["coordinator"], edp=edp)
    assert not Assignment.objects.filter(pk=assignment.pk, status="active").exists()
    assert "removed from this idea by a coordinator" in result.shortfalls[0].message
