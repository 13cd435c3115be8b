import pytest
from django.urls import reverse

from core.errors import DomainError
from edp.workflow import Stage
from priorities import services
from priorities.models import CandidatePriority, PrioritySelection, SelectionVote
from tests.factories.edp import EDPFactory
from tests.factories.priorities import (
    CandidatePriorityFactory,
    SelectedPriorityFactory,
    SteeringCommitteeMemberFactory,
)
from tests.permission_table import refusal_problem
from tests.priorities.conftest import ROLES

pytestmark = pytest.mark.django_db

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


@pytest.fixture
def edp():
    return EDPFactory(stage=Stage.PRIORITY_SELECTION)


def _decide_all(edp, selected: int, not_selected: int = 0):
    for _ in range(selected):
        SelectedPriorityFactory(edp=edp)
    for _ in range(not_selected):
        CandidatePriorityFactory(edp=edp, decision="not_selected", rationale="Weak evidence")


@pytest.mark.parametrize(("selected", "ok"), [(2, False), (3, True), (8, True), (9, False)])
def test_publication_respects_default_bounds(edp, selected, ok):
    _decide_all(edp, selected, not_selected=1)
    if ok:
        assert services.priorities_publish(edp=edp, actor=None).is_published
    else:
        with pytest.raises(DomainError, match="at least 3|at most 8"):
            services.priorities_publish(edp=edp, actor=None)
        assert not PrioritySelection.objects.filter(edp=edp, published_at__isnull=False).exists()


def test_bounds_are_configurable_per_edp(edp):
    services.selection_settings_update(edp=edp, min_priorities=1, max_priorities=2, introduction="", actor=None)
    _decide_all(edp, 3)
    with pytest.raises(DomainError, match="at most 2"):
        services.priorities_publish(edp=edp, actor=None)
    with pytest.raises(DomainError, match="maximum cannot be below"):
        services.selection_settings_update(edp=edp, min_priorities=4, max_priorities=2, introduction="", actor=None)


def test_pending_candidates_block_publication_with_the_reason(edp):
    _decide_all(edp, 3)
    CandidatePriorityFactory(edp=edp)
    with pytest.raises(DomainError, match="1 candidate has no decision yet"):
        services.priorities_publish(edp=edp, actor=None)


def test_decision_needs_a_rationale_and_the_right_stage(edp):
    candidate = CandidatePriorityFactory(edp=edp)
    with pytest.raises(DomainError, match="Explain the decision"):
        services.candidate_decide(candidate=candidate, decision="selected", rationale=" ", actor=None)
    services.candidate_decide(candidate=candidate, decision="selected", rationale="Strong assets", actor=None)
    candidate.refresh_from_db()
    assert candidate.is_selected and candidate.decided_at
    edp.stage = Stage.ACTION_PLANNING
    edp.save()
    with pytest.raises(DomainError, match="priority-selection stage"):
        services.candidate_decide(candidate=candidate, decision="not_selected", rationale="x", actor=None)


def test_decisions_are_locked_once_published(edp):
    _decide_all(edp, 3)
    services.priorities_publish(edp=edp, actor=None)
    candidate = CandidatePriority.objects.filter(edp=edp).first()
    with pytest.raises(DomainError, match="withdraw the publication"):
        services.candidate_decide(candidate=candidate, decision="not_selected", rationale="x", actor=None)
    services.priorities_unpublish(edp=edp, actor=None)
    services.candidate_decide(candidate=candidate, decision="not_selected", rationale="Changed", actor=None)


def test_votes_only_by_voting_members_one_per_person(edp):
    candidate = CandidatePriorityFactory(edp=edp)
    voter = SteeringCommitteeMemberFactory(edp=edp).user
    adviser = SteeringCommitteeMemberFactory(edp=edp, has_vote=False).user
    services.selection_vote_cast(candidate=candidate, voter=voter, choice="select", rationale="Good")
    services.selection_vote_cast(candidate=candidate, voter=voter, choice="reject", rationale="Changed my mind")
    assert SelectionVote.objects.get().choice == "reject"
    with pytest.raises(DomainError, match="with a vote"):
        services.selection_vote_cast(candidate=candidate, voter=adviser, choice="select", rationale="x")
    with pytest.raises(DomainError, match="reason"):
        services.selection_vote_cast(candidate=candidate, voter=voter, choice="select", rationale="")


def _client(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    return client


UNPUBLISHED_VIEWERS = {"steering", "coordinator"}
MANAGERS = {"coordinator"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("view", "method", "allowed_unpublished", "allowed_published"),
    [
        ("selection", "get", UNPUBLISHED_VIEWERS, set(ROLES)),
        ("candidate", "get", UNPUBLISHED_VIEWERS, set(ROLES)),
        ("settings", "get", MANAGERS, MANAGERS),
        ("candidate_add", "get", MANAGERS, MANAGERS),
        ("candidate_edit", "get", MANAGERS, MANAGERS),
        ("steering_add", "get", MANAGERS, MANAGERS),
        ("publish", "post", MANAGERS, MANAGERS),
        ("bring_in", "post", MANAGERS, MANAGERS),
        ("vote", "post", {"steering"}, set()),
        ("decide", "post", MANAGERS, MANAGERS),
    ],
)
@pytest.mark.parametrize("published", [False, True])
def test_permission_table(client, edp, people, role, view, method, allowed_unpublished, allowed_published, published):
    _decide_all(edp, 3)
    candidate = CandidatePriorityFactory(edp=edp, decision="not_selected", rationale="Weak")
    if published:
        services.priorities_publish(edp=edp, actor=None)
    urls = {
        "selection": (reverse("priorities:selection", args=[edp.slug]), {}),
        "candidate": (reverse("priorities:candidate", args=[candidate.pk]), {}),
        "settings": (reverse("priorities:settings", args=[edp.slug]), {}),
        "candidate_add": (reverse("priorities:candidate_add", args=[edp.slug]), {}),
        "candidate_edit": (reverse("priorities:candidate_edit", args=[candidate.pk]), {}),
        "steering_add": (reverse("priorities:steering_add", args=[edp.slug]), {}),
        "publish": (reverse("priorities:publish", args=[edp.slug]), {}),
        "bring_in": (reverse("priorities:candidates_from_specialisations", args=[edp.slug]), {}),
        "vote": (
            reverse("priorities:candidate", args=[candidate.pk]),
            {"form": "vote", "choice": "select", "rationale": "r"},
        ),
        "decide": (
            reverse("priorities:candidate", args=[candidate.pk]),
            {"form": "decision", "decision": "not_selected", "rationale": "r"},
        ),
    }
    url, data = urls[view]
    response = getattr(_client(client, people, role), method)(url, data)
    allowed = allowed_published if published else allowed_unpublished
    if role in allowed:
        assert response.status_code in (200, 302)
    else:
        assert refusal_problem(response, role) is None


def test_public_page_title_and_links_to_evidence(client, edp):
    _decide_all(edp, 3, not_selected=1)
    services.priorities_publish(edp=edp, actor=None)
    html = client.get(reverse("priorities:selection", args=[edp.slug])).content.decode()
    assert "Pavlodar smart specialisation priorities 2026–2030" in html
    for candidate in CandidatePriority.objects.filter(edp=edp):
        assert reverse("priorities:candidate", args=[candidate.pk]) in html
    assert "Weak evidence" in html


@pytest.mark.parametrize("payload", XSS)
def test_priority_texts_are_inert(client, edp, payload):
    SelectedPriorityFactory(edp=edp, title=f"T {payload}", summary=f"S {payload}", rationale=f"R {payload}")
    _decide_all(edp, 2)
    services.priorities_publish(edp=edp, actor=None)
    for url in [reverse("priorities:selection", args=[edp.slug])] + [
        reverse("priorities:candidate", args=[c.pk]) for c in CandidatePriority.objects.filter(edp=edp)
    ]:
        html = client.get(url).content.decode()
        assert payload not in html


def test_coordinator_publishing_outside_bounds_sees_why(client, edp, people):
    _decide_all(edp, 2)
    client.force_login(people["coordinator"])
    response = client.post(reverse("priorities:publish", args=[edp.slug]), follow=True)
    assert "requires at least 3" in response.content.decode()


def test_selection_page_query_count_is_bounded(client, edp, people, django_assert_max_num_queries):
    client.force_login(people["coordinator"])
    url = reverse("priorities:selection", args=[edp.slug])
    _decide_all(edp, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    _decide_all(edp, 20, not_selected=10)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(url).status_code == 200
