"""Aggregation through the selectors (hand-computed), decisions, candidate
specialisations, notifications and bounded query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import DomainError
from edp.models import EDPRole
from evaluations import selectors, services
from evaluations.models import Assignment, CandidateSpecialisation, EvaluationSettings
from evaluations.services import ScoreInput
from notifications.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory, IdeaFactory, RegionalAssetFactory
from tests.factories.evaluations import EvaluationCriterionFactory

pytestmark = pytest.mark.django_db


def _panel(edp, n):
    users = [UserFactory(display_name=f"Panel {i}") for i in range(n)]
    for u in users:
        EDPRoleFactory(edp=edp, user=u, role=EDPRole.Role.EVALUATOR)
    return users


def _score(edp, idea, user, values, submit=True):
    a, _ = Assignment.objects.get_or_create(edp=edp, idea=idea, evaluator=user)
    crit = list(edp.evaluation_criteria.order_by("position"))
    return services.evaluation_save(
        actor=user,
        assignment=a,
        scores=[ScoreInput(c.pk, v, "why") for c, v in zip(crit, values, strict=False)],
        submit=submit,
    )


@pytest.fixture
def grid(edp):
    EvaluationCriterionFactory(edp=edp, weight=50, position=0)  # 1..5
    EvaluationCriterionFactory(edp=edp, weight=30, position=1)  # 1..5
    EvaluationCriterionFactory(edp=edp, weight=20, position=2, scale_min=0, scale_max=10)
    return edp


def test_ranking_aggregates_by_hand_with_missing_and_partial_evaluations(grid):
    edp = grid
    a, b, c, d = _panel(edp, 4)
    full = IdeaFactory(edp=edp, submitted=True, title="Full")
    partial = IdeaFactory(edp=edp, submitted=True, title="Partial")
    nothing = IdeaFactory(edp=edp, submitted=True, title="Nothing")
    # Full: 61.50, 48.50, 47.00 (see test_aggregation) → mean 52.33, median 48.50, spread 14.50
    _score(edp, full, a, [3, 4, 7])
    _score(edp, full, b, [2, 5, 3])
    _score(edp, full, c, [4, 2, 1])
    # Partial: one submitted (100), one draft (ignored), one never started.
    _score(edp, partial, a, [5, 5, 10])
    _score(edp, partial, b, [1, 1], submit=False)
    Assignment.objects.create(edp=edp, idea=partial, evaluator=c)
    # A released assignment's submitted scores do not count either.
    _score(edp, partial, d, [1, 1, 0])
    Assignment.objects.filter(idea=partial, evaluator=d).update(status=Assignment.Status.RELEASED)
    Assignment.objects.create(edp=edp, idea=nothing, evaluator=d)

    results = {r.idea.title: r for r in selectors.idea_results(edp)}
    s = results["Full"].summary
    assert (s.count, s.expected, s.mean, s.median, s.spread, s.flagged) == (
        3,
        3,
        Decimal("52.33"),
        Decimal("48.50"),
        Decimal("14.50"),
        False,
    )
    s = results["Partial"].summary
    assert (s.count, s.expected, s.mean, s.median, s.spread, s.missing) == (
        1,
        3,
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("0.00"),
        2,
    )
    s = results["Nothing"].summary
    assert (s.count, s.expected, s.mean) == (0, 1, None)
    # Per-criterion means of Full: (3+2+4)/3, (4+5+2)/3, (7+3+1)/3
    crit = list(edp.evaluation_criteria.order_by("position"))
    assert [results["Full"].criterion_means[c.pk] for c in crit] == [Decimal("3.00"), Decimal("3.67"), Decimal("3.67")]
    # Partial's 100 rests on one evaluation of three: the complete idea ranks first.
    assert [r.idea.title for r in selectors.idea_results(edp)] == ["Full", "Partial", "Nothing"]


def _started(edp, idea, user):
    return Assignment.objects.create(edp=edp, idea=idea, evaluator=user)


def test_complete_evaluations_rank_before_incomplete_ones_whatever_their_mean(grid, as_role):
    """Weighted score = 50·(s1−1)/4 + 30·(s2−1)/4 + 20·s3/10, computed by hand below."""
    edp = grid
    a, b, c = _panel(edp, 3)
    ideas = {
        t: IdeaFactory(edp=edp, submitted=True, title=t) for t in ("Lone", "Two", "Half", "Solid", "Modest", "Blank")
    }
    # Lone: 1 of 3 submitted: 50 + 30 + 20 = 100.00 (b has a draft, c has not started).
    _score(edp, ideas["Lone"], a, [5, 5, 10])
    _score(edp, ideas["Lone"], b, [1, 1], submit=False)
    _started(edp, ideas["Lone"], c)
    # Two: 2 of 3: 37.5 + 22.5 + 16 = 76.00 and 50 + 22.5 + 12 = 84.50 → mean 80.25.
    _score(edp, ideas["Two"], a, [4, 4, 8])
    _score(edp, ideas["Two"], b, [5, 4, 6])
    _started(edp, ideas["Two"], c)
    # Half: 1 of 2: 50 + 30 + 18 = 98.00.
    _score(edp, ideas["Half"], a, [5, 5, 9])
    _started(edp, ideas["Half"], b)
    # Solid: 3 of 3: 76.00, 25 + 15 + 10 = 50.00, 37.5 + 15 + 12 = 64.50 → mean 190.50 / 3 = 63.50.
    _score(edp, ideas["Solid"], a, [4, 4, 8])
    _score(edp, ideas["Solid"], b, [3, 3, 5])
    _score(edp, ideas["Solid"], c, [4, 3, 6])
    # Modest: 2 of 2: 50.00 and 12.5 + 7.5 + 4 = 24.00 → mean 37.00.
    _score(edp, ideas["Modest"], a, [3, 3, 5])
    _score(edp, ideas["Modest"], b, [2, 2, 2])
    # Blank: assigned, nothing submitted.
    _started(edp, ideas["Blank"], c)

    results = selectors.idea_results(edp)
    table = [(r.idea.title, r.summary.count, r.summary.expected, r.summary.mean) for r in results]
    assert table == [
        # Complete first, by mean …
        ("Solid", 3, 3, Decimal("63.50")),
        ("Modest", 2, 2, Decimal("37.00")),
        # … then incomplete: 2/3 before 1/2 before 1/3, though their means run the other way …
        ("Two", 2, 3, Decimal("80.25")),
        ("Half", 1, 2, Decimal("98.00")),
        ("Lone", 1, 3, Decimal("100.00")),
        # … and no score at all last.
        ("Blank", 0, 1, None),
    ]
    assert [r.summary.complete for r in results] == [True, True, False, False, False, False]

    client = as_role("coordinator")
    page = client.get(reverse("evaluations:ranking", args=[edp.slug])).content.decode()
    body = page[page.find("<tbody>") : page.find("</tbody>")]
    positions = [body.find(f">{title}</a>") for title in ("Solid", "Modest", "Two", "Half", "Lone", "Blank")]
    assert -1 not in positions and positions == sorted(positions)
    assert body.count("data-incomplete") == 4
    assert "incomplete: 1 of 3" in body and "incomplete: 2 of 3" in body and "incomplete: 1 of 2" in body
    assert "incomplete: 3 of 3" not in body and "incomplete: 2 of 2" not in body
    assert "Ideas whose evaluations are all submitted come first" in page
    exported = client.get(reverse("evaluations:ranking_export", args=[edp.slug, "csv"])).content.decode("utf-8-sig")
    rows = [line.split(",")[:2] for line in exported.splitlines()[1:]]
    assert rows == [["1", "Solid"], ["2", "Modest"], ["3", "Two"], ["4", "Half"], ["5", "Lone"], ["6", "Blank"]]


def test_strong_disagreement_is_flagged_and_filtered(grid):
    edp = grid
    EvaluationSettings.objects.create(edp=edp, disagreement_threshold=40)
    a, b = _panel(edp, 2)
    split = IdeaFactory(edp=edp, submitted=True, helix="academia", title="Split")
    calm = IdeaFactory(edp=edp, submitted=True, helix="industry", title="Calm")
    RegionalAssetFactory(edp=edp, dimension="knowledge").ideas.add(split)
    _score(edp, split, a, [5, 5, 10])  # 100
    _score(edp, split, b, [2, 2, 2])  # 50·¼ + 30·¼ + 20·0.2 = 24
    _score(edp, calm, a, [3, 3, 5])
    _score(edp, calm, b, [3, 4, 5])
    assert [r.idea.title for r in selectors.idea_results(edp, flagged=True)] == ["Split"]
    assert [r.idea.title for r in selectors.idea_results(edp, flagged=False)] == ["Calm"]
    assert [r.idea.title for r in selectors.idea_results(edp, helix="industry")] == ["Calm"]
    assert [r.idea.title for r in selectors.idea_results(edp, dimension="knowledge")] == ["Split"]
    assert selectors.idea_results(edp, flagged=True)[0].summary.spread == Decimal("76.00")


def test_consensus_thread_is_for_submitted_evaluators_and_coordinators(grid, people):
    edp = grid
    a, b = _panel(edp, 2)
    idea = IdeaFactory(edp=edp, submitted=True)
    _score(edp, idea, a, [5, 5, 10])
    Assignment.objects.create(edp=edp, idea=idea, evaluator=b)
    services.consensus_post(actor=a, edp=edp, idea_id=idea.pk, body="I think it is strong.")
    with pytest.raises(DomainError, match="once you have submitted"):
        services.consensus_post(actor=b, edp=edp, idea_id=idea.pk, body="Peeking")
    with pytest.raises(DomainError, match="once you have submitted"):
        services.consensus_post(actor=people["citizen"], edp=edp, idea_id=idea.pk, body="Hello")
    services.consensus_post(actor=people["coordinator"], edp=edp, idea_id=idea.pk, body="Let us agree.")
    assert len(selectors.consensus_thread(idea)) == 2


def test_decisions_need_a_rationale_and_feedback_and_notify_the_authors(world, people):
    edp, idea = world["edp"], world["idea"]
    co_author = UserFactory()
    idea.co_authors.add(co_author)
    with pytest.raises(DomainError, match="rationale"):
        services.decision_record(
            actor=people["coordinator"], edp=edp, idea_id=idea.pk, outcome="shortlisted", rationale=""
        )
    with pytest.raises(DomainError, match="feedback is required"):
        services.decision_record(
            actor=people["coordinator"], edp=edp, idea_id=idea.pk, outcome="not_retained", rationale="Weak"
        )
    services.decision_record(
        actor=people["coordinator"],
        edp=edp,
        idea_id=idea.pk,
        outcome="not_retained",
        rationale="Weak market",
        feedback="Find a buyer <script>alert(1)</script>",
    )
    told = set(
        Notification.objects.filter(event__key="evaluations.idea_decided").values_list("recipient_id", flat=True)
    )
    assert told == {people["submitter"].pk, co_author.pk}
    decision = services.decision_record(
        actor=people["coordinator"], edp=edp, idea_id=idea.pk, outcome="shortlisted", rationale="Reconsidered"
    )
    assert decision.history.count() == 2
    client_page = reverse("evaluations:outcome", args=[edp.slug, idea.pk])
    from django.test import Client

    client = Client()
    client.force_login(co_author)
    body = client.get(client_page).content.decode()
    assert "shortlisted" in body


def test_feedback_is_escaped_on_the_outcome_page(world, people, client):
    services.decision_record(
        actor=people["coordinator"],
        edp=world["edp"],
        idea_id=world["idea"].pk,
        outcome="not_retained",
        rationale="x",
        feedback="<img src=x onerror=alert(1)> and <script>alert(1)</script>",
    )
    client.force_login(people["submitter"])
    body = client.get(reverse("evaluations:outcome", args=[world["edp"].slug, world["idea"].pk])).content.decode()
    assert "<script>alert(1)</script>" not in body and "<img src=x" not in body


def test_assignment_notifies_each_evaluator_once(grid):
    edp = grid
    panel = _panel(edp, 3)
    for _ in range(4):
        IdeaFactory(edp=edp, submitted=True)
    services.assignments_auto(actor=None, edp=edp)
    rows = Notification.objects.filter(event__key="evaluations.assigned")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(u.pk for u in panel)


def test_candidate_specialisations_group_only_shortlisted_ideas(world, people):
    edp, idea = world["edp"], world["idea"]
    other = IdeaFactory(edp=edp, submitted=True)
    coordinator = people["coordinator"]
    with pytest.raises(DomainError, match="Only shortlisted"):
        services.candidate_save(
            actor=coordinator,
            edp=edp,
            candidate_id=None,
            title="Metals",
            description="",
            rationale="r",
            idea_ids=[idea.pk],
        )
    services.decision_record(actor=coordinator, edp=edp, idea_id=idea.pk, outcome="shortlisted", rationale="Good")
    candidate = services.candidate_save(
        actor=coordinator,
        edp=edp,
        candidate_id=None,
        title="Metals",
        description="",
        rationale="Assets",
        idea_ids=[idea.pk],
    )
    assert list(candidate.ideas.all()) == [idea]
    with pytest.raises(DomainError, match="already has this title"):
        services.candidate_save(
            actor=coordinator,
            edp=edp,
            candidate_id=None,
            title="Metals",
            description="",
            rationale="r",
            idea_ids=[idea.pk],
        )
    with pytest.raises(DomainError, match="Only shortlisted"):
        services.candidate_save(
            actor=coordinator,
            edp=edp,
            candidate_id=candidate.pk,
            title="Metals",
            description="",
            rationale="r",
            idea_ids=[idea.pk, other.pk],
        )
    # Not retaining an idea takes it out of its candidate specialisation.
    services.decision_record(
        actor=coordinator, edp=edp, idea_id=idea.pk, outcome="not_retained", rationale="No", feedback="Sorry"
    )
    assert not CandidateSpecialisation.objects.get(pk=candidate.pk).ideas.exists()


def _many(edp, n, panel):
    for i in range(n):
        idea = IdeaFactory(edp=edp, submitted=True, title=f"Idea {i:03d}")
        RegionalAssetFactory(edp=edp, title=f"Asset {edp.pk}-{i}").ideas.add(idea)
        for user in panel:
            a = Assignment.objects.create(edp=edp, idea=idea, evaluator=user)
            if i % 2:
                services.evaluation_save(
                    actor=user,
                    assignment=a,
                    scores=[ScoreInput(c.pk, 3) for c in edp.evaluation_criteria.all()],
                    submit=True,
                )


@pytest.mark.parametrize("n", [3, 30])
def test_query_counts_do_not_grow_with_rows(n, grid, people, as_role, django_assert_max_num_queries):
    edp = grid
    panel = [people["evaluator"], *_panel(edp, 2)]
    _many(edp, n, panel)
    coordinator = as_role("coordinator")
    for url in (
        reverse("evaluations:ranking", args=[edp.slug]),
        reverse("evaluations:panel", args=[edp.slug]),
        reverse("evaluations:ranking_export", args=[edp.slug, "csv"]),
        reverse("evaluation-ranking-list") + f"?edp={edp.slug}",
    ):
        with django_assert_max_num_queries(30):
            assert coordinator.get(url).status_code == 200
    evaluator = as_role("evaluator")
    for url in (
        reverse("evaluations:queue", args=[edp.slug]),
        reverse("evaluation-assignments-list") + f"?edp={edp.slug}",
    ):
        with django_assert_max_num_queries(20):
            assert evaluator.get(url).status_code == 200
