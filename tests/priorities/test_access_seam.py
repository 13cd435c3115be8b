"""Priority selection on the access seam (issue 12): unknown ids and ids of
another EDP are not found; refusals say why; the candidate's decision and
the selection's publication are declared lifecycles that refuse illegal
moves with the reason; steering seats are read once per request through
core.permcache."""

import pytest
from django.urls import reverse

from core import permcache
from core.errors import DomainError
from edp.workflow import Stage
from priorities import services
from priorities import urls as priority_urls
from priorities.models import CandidatePriority, PrioritySelection
from priorities.rules import steering_seats
from tests.factories.edp import EDPFactory
from tests.factories.plans import ActionPlanFactory
from tests.factories.priorities import (
    CandidatePriorityFactory,
    SelectedPriorityFactory,
    SteeringCommitteeMemberFactory,
)
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db

UNKNOWN = 987654


@pytest.fixture
def edp():
    return EDPFactory(stage=Stage.PRIORITY_SELECTION)


def _decided(edp, n=3):
    return [SelectedPriorityFactory(edp=edp) for _ in range(n)]


# --- Ids ----------------------------------------------------------------------------


def test_every_url_with_an_id_is_covered_here():
    with_ids = {p.name for p in priority_urls.urlpatterns if any(k != "slug" for k in p.pattern.converters)}
    assert with_ids == {"steering_remove", "candidate", "candidate_edit"}


@pytest.mark.parametrize("name", ["candidate", "candidate_edit"])
def test_unknown_candidates_are_not_found(client, edp, people, name):
    client.force_login(people["coordinator"])
    assert client.get(reverse(f"priorities:{name}", args=[UNKNOWN])).status_code == 404


def test_a_steering_member_of_another_edp_is_not_found(client, edp, people):
    ours = SteeringCommitteeMemberFactory(edp=edp)
    theirs = people["other_coordinator"].edp_roles.get().edp
    client.force_login(people["other_coordinator"])
    response = client.post(reverse("priorities:steering_remove", args=[theirs.slug, ours.pk]))
    assert response.status_code == 404
    assert client.post(reverse("priorities:steering_remove", args=[theirs.slug, UNKNOWN])).status_code == 404
    ours.refresh_from_db()  # still there


@pytest.mark.parametrize("pattern", list(priority_urls.urlpatterns), ids=lambda p: p.name)
def test_an_unknown_process_is_not_found(client, edp, people, pattern):
    if "slug" not in pattern.pattern.converters:
        return
    client.force_login(people["coordinator"])
    args = ["no-such-process", *[1 for k in pattern.pattern.converters if k != "slug"]]
    response = client.get(reverse(f"priorities:{pattern.name}", args=args))
    if response.status_code == 405:  # a POST-only action
        response = client.post(reverse(f"priorities:{pattern.name}", args=args))
    assert response.status_code == 404


# --- Refusals say why ----------------------------------------------------------------


def test_the_unpublished_selection_says_why_it_is_closed(client, edp, people):
    client.force_login(people["citizen"])
    response = client.get(reverse("priorities:selection", args=[edp.slug]))
    assert response.status_code == 403
    assert "The priorities of this process are not published yet" in response.content.decode()
    url = reverse("priorities:selection", args=[edp.slug])
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url == f"{reverse('account_login')}?next={url}"


def test_a_vote_after_publication_is_refused_with_the_reason(client, edp, people):
    candidate = _decided(edp)[0]
    services.priorities_publish(edp=edp, actor=None)
    client.force_login(people["steering"])
    page = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    assert "the vote is closed" in page and 'value="vote"' not in page
    response = client.post(
        reverse("priorities:candidate", args=[candidate.pk]), {"form": "vote", "choice": "select", "rationale": "r"}
    )
    assert response.status_code == 403 and "the vote is closed" in response.content.decode()


def test_the_coordinator_sees_why_a_decision_is_closed_once_published(client, edp, people):
    candidate = _decided(edp)[0]
    services.priorities_publish(edp=edp, actor=None)
    client.force_login(people["coordinator"])
    page = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    assert "withdraw the publication before changing them" in page
    assert "Record the decision" not in page


def test_the_selection_page_says_why_it_cannot_be_published_yet(client, edp, people):
    _decided(edp, 2)
    client.force_login(people["coordinator"])
    page = client.get(reverse("priorities:selection", args=[edp.slug])).content.decode()
    assert "The priorities cannot be published: Only 2 priorities are selected" in page
    assert "Publish the priorities" not in page
    _decided(edp, 1)
    page = client.get(reverse("priorities:selection", args=[edp.slug])).content.decode()
    assert "Publish the priorities" in page


# --- Lifecycles ----------------------------------------------------------------------


def test_a_pending_candidate_cannot_be_reopened(edp):
    candidate = CandidatePriorityFactory(edp=edp)
    with pytest.raises(DomainError, match="This cannot be done at the status “Not decided yet”."):
        services.candidate_decide(candidate=candidate, decision="pending", rationale="", actor=None)


def test_a_priority_with_an_action_plan_cannot_be_deselected_or_reopened(edp):
    plan = ActionPlanFactory(priority__edp=edp)
    candidate = plan.priority
    for decision in ("not_selected", "pending"):
        with pytest.raises(DomainError, match="already has an action plan"):
            services.candidate_decide(candidate=candidate, decision=decision, rationale="Changed", actor=None)
    candidate.refresh_from_db()
    assert CandidatePriority.lifecycle.is_in(candidate, "selected")
    # Recording the same decision again, with a better rationale, is fine.
    services.candidate_decide(candidate=candidate, decision="selected", rationale="Even stronger", actor=None)


def test_decisions_and_publication_are_the_coordinators_during_selection(edp, people):
    candidate = CandidatePriorityFactory(edp=edp)
    with pytest.raises(DomainError, match="Only the coordinators of this process run the selection"):
        services.candidate_decide(candidate=candidate, decision="selected", rationale="x", actor=people["steering"])
    assert CandidatePriority.lifecycle.can(candidate, "select", people["coordinator"])
    refusal = CandidatePriority.lifecycle.refusal(candidate, "select", people["citizen"])
    assert refusal == "Only the coordinators of this process run the selection of priorities."
    edp.stage = Stage.ACTION_PLANNING
    edp.save(update_fields=["stage"])
    candidate = CandidatePriority.objects.get(pk=candidate.pk)
    assert "priority-selection stage" in CandidatePriority.lifecycle.refusal(candidate, "select", people["coordinator"])


def test_publication_moves_along_its_lifecycle(edp):
    with pytest.raises(DomainError, match="This cannot be done at the status “Not published”."):
        services.priorities_unpublish(edp=edp, actor=None)
    _decided(edp)
    selection = services.priorities_publish(edp=edp, actor=None)
    assert selection.is_published and PrioritySelection.lifecycle.is_in(selection, "public")
    with pytest.raises(DomainError, match="This cannot be done at the status “Published”."):
        services.priorities_publish(edp=edp, actor=None)
    assert not services.priorities_unpublish(edp=edp, actor=None).is_published


# --- One per-request cache ------------------------------------------------------------


def test_steering_seats_are_read_once_and_forgotten_when_they_change(edp, people, django_assert_num_queries):
    user = people["citizen"]
    assert steering_seats(user) == {}
    with django_assert_num_queries(0):
        assert steering_seats(user) == {}
    services.steering_committee_member_add(edp=edp, user=user, organisation=None, has_vote=True, actor=None)
    assert steering_seats(user) == {edp.pk: True}
    other = EDPFactory(region=region("zhambyl"))
    SteeringCommitteeMemberFactory(edp=other, user=user, has_vote=False)
    assert other.pk not in steering_seats(user)  # same request: not read again
    permcache.forget(user)
    assert steering_seats(user) == {edp.pk: True, other.pk: False}
    assert not hasattr(user, "_steering_seats_cache")
