import pytest
from django.core.management.base import OutputWrapper

from core.management.commands.load_demo import DemoContext
from edp.models import EDPRole
from evaluations import demo
from evaluations.models import Assignment, CandidateSpecialisation, Evaluation, EvaluationCriterion, IdeaDecision
from evaluations.selectors import idea_results
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPFactory, IdeaFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TITLES = [
    "Aluminium dross into refractory bricks",
    "Ferroalloy slag for road building",
    "Grain drying with smelter waste heat",
    "Irtysh dairy cluster cold chain",
    "Digital twin of the oil refinery",
    "Solar and wind for the ferroalloy plant",
    "Fish farming in cooling ponds",
    "IT school for plant engineers",
    "Craft food market for tourists",
]


@pytest.mark.parametrize("stage", ["foresight", "evaluation", "consultation"])
def test_demo_scores_shortlists_and_groups_in_any_stage_and_is_idempotent(stage, capsys):
    edp = EDPFactory(stage=stage)
    users = {"coordinator": UserFactory()}
    for i in range(1, 7):
        users[f"evaluator{i}"] = UserFactory()
        MembershipFactory(user=users[f"evaluator{i}"], organisation=OrganisationFactory())
    for title in TITLES:
        IdeaFactory(edp=edp, title=title, submitted=True, organisation=OrganisationFactory())
    ctx = DemoContext(OutputWrapper(capsys), "pw")
    ctx["edp"], ctx["users"] = edp, users
    demo.load(ctx)
    counts = [
        Model.objects.count()
        for Model in (EvaluationCriterion, Assignment, Evaluation, IdeaDecision, CandidateSpecialisation)
    ]
    demo.load(ctx)
    assert counts == [
        Model.objects.count()
        for Model in (EvaluationCriterion, Assignment, Evaluation, IdeaDecision, CandidateSpecialisation)
    ]
    assert EDPRole.objects.filter(edp=edp, role="evaluator").count() == 6
    assert counts[0] == 6 and counts[1] == 27
    results = idea_results(edp)
    assert all(r.summary.complete for r in results)
    assert sum(r.summary.flagged for r in results) >= 1
    assert IdeaDecision.objects.filter(outcome="shortlisted").count() >= 3
    assert IdeaDecision.objects.filter(outcome="not_retained").exclude(feedback="").exists()
    assert 2 <= CandidateSpecialisation.objects.count() <= 3
    titles = set(CandidateSpecialisation.objects.values_list("title_ru", flat=True))
    assert "Передовая металлургия и новые материалы" in titles


def test_demo_without_an_edp_does_nothing(capsys):
    ctx = DemoContext(OutputWrapper(capsys), "pw")
    demo.load(ctx)
    assert not EvaluationCriterion.objects.exists()
