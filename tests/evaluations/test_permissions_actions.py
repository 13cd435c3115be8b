"""Permission table of every evaluation *action* (POST), for every role.

Modelled on tests/edp/test_permissions_actions.py. The expectations are
written out from issue #4 and ``evaluations/rules.py``'s docstring ("only
the coordinators of the EDP see scores and evaluators' identities; an
evaluator sees their own work ... moderators, facilitators and platform staff
see no scores") and deliberately do not call the predicates: a change of who
may do what has to change this table on purpose.

The EDP is in idea evaluation (the stage where every action here is open).
Each cell goes through the real view and checks the response and the
database:

- ``OK``: the view answers (200/302, not to the sign-in page) and the change
  is in the database;
- ``DENIED``: anonymous people are sent to sign in, signed-in people get 403,
  and nothing changed;
- ``NOT_FOUND``: an evaluator asking about an idea that is not assigned to
  them gets 404 (whether it is someone else's is not their business), and
  nothing changed;
- ``Refused(text)``: the permission holds but the service refuses, saying
  ``text``, and nothing changed.

"Nothing changed" is checked twice: the case's own ``happened`` and a
snapshot of every evaluation table. Each role runs inside a savepoint that
is rolled back, so every role starts from the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from edp.models import EDPRole
from evaluations.models import (
    Assignment,
    CandidateSpecialisation,
    ConflictOfInterest,
    ConsensusMessage,
    CriterionScore,
    Evaluation,
    EvaluationCriterion,
    EvaluationSettings,
    EvaluatorCap,
    IdeaDecision,
)
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory, IdeaFactory
from tests.factories.evaluations import EvaluationCriterionFactory
from tests.permission_table import problems_by_role, refusal_problem

from .conftest import ALL_ROLES

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "submitter",  # of the idea the actions act on
    "evaluator",  # assigned to that idea
    "evaluator_unassigned",
    "evaluator_conflicted",  # member of the submitting organisation, so never assigned
    "moderator",
    "coordinator",
    "other_coordinator",  # coordinator of another region's EDP
    "staff",  # platform staff
]
EVALUATORS_WITHOUT_THE_IDEA = frozenset({"evaluator_unassigned", "evaluator_conflicted"})


@dataclass(frozen=True)
class Refused:
    message: str


OK = "ok"
DENIED = "denied"
NOT_FOUND = "not found"


def coordinator_only(role: str) -> Any:
    return OK if role == "coordinator" else DENIED


def assigned_evaluator_only(role: str) -> Any:
    """The evaluator's own pages: the assigned evaluator may; the other
    evaluators are not told the idea exists; everyone else is refused."""
    if role == "evaluator":
        return OK
    if role in EVALUATORS_WITHOUT_THE_IDEA:
        return NOT_FOUND
    return DENIED


@dataclass
class ActionCase:
    label: str
    perform: Callable[[Any, dict], Any]  # (client, world) -> response
    happened: Callable[[dict], bool]  # world -> did the change land?
    expected: Callable[[str], Any]  # role -> OK | DENIED | NOT_FOUND | Refused
    prepare: Callable[[dict], None] | None = None  # extra state, inside the savepoint


def _post(name, *keys, data=None):
    def perform(client, w):
        args = [w["edp"].slug, *(w[k] for k in keys)]
        payload = data(w) if callable(data) else dict(data or {})
        return client.post(reverse(f"evaluations:{name}", args=args), payload)

    return perform


def _scores(w, submit: bool) -> dict:
    c1, c2 = w["criteria"]
    data = {f"score_{c1.pk}": 3, f"score_{c2.pk}": 4, "comment": "Table"}
    if submit:
        data["submit"] = "1"
    return data


def _criteria_grid(w) -> dict:
    c1, c2 = w["criteria"]
    data = {"criteria-TOTAL_FORMS": 2, "criteria-INITIAL_FORMS": 2}
    for i, (c, name, weight) in enumerate(((c1, "Fit renamed", 70), (c2, "Market", 30))):
        data |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-name": name,
            f"criteria-{i}-guidance": "",
            f"criteria-{i}-weight": weight,
            f"criteria-{i}-scale_min": 1,
            f"criteria-{i}-scale_max": 5,
        }
    return data


def _submit_own_evaluation(w) -> None:
    c1, c2 = w["criteria"]
    evaluation = Evaluation.objects.create(
        assignment=w["assignment"], status=Evaluation.Status.SUBMITTED, weighted_score=50
    )
    CriterionScore.objects.create(evaluation=evaluation, criterion=c1, score=3)
    CriterionScore.objects.create(evaluation=evaluation, criterion=c2, score=3)


def _active(w, user_key) -> bool:
    return Assignment.objects.filter(
        idea=w["idea"], evaluator=w["people"][user_key], status=Assignment.Status.ACTIVE
    ).exists()


ACTIONS = [
    # --- Decisions -----------------------------------------------------------------
    ActionCase(
        "record a decision",
        _post("idea", "idea_id", data={"outcome": "shortlisted", "rationale": "Strong fit", "feedback": ""}),
        lambda w: IdeaDecision.objects.filter(idea=w["idea"], outcome="shortlisted").exists(),
        coordinator_only,
    ),
    ActionCase(
        "create a candidate specialisation",
        _post(
            "candidates",
            data=lambda w: {
                "title": "Agro-processing",
                "rationale": "Same value chain",
                "ideas": [w["shortlisted"].pk],
            },
        ),
        lambda w: CandidateSpecialisation.objects.filter(edp=w["edp"], title="Agro-processing").exists(),
        coordinator_only,
    ),
    ActionCase(
        "delete a candidate specialisation",
        _post("candidates", data=lambda w: {"delete": "1", "candidate_id": w["candidate"].pk}),
        lambda w: not CandidateSpecialisation.objects.filter(pk=w["candidate"].pk).exists(),
        coordinator_only,
    ),
    # --- Set-up and panel ----------------------------------------------------------
    ActionCase(
        "change the evaluation settings",
        _post("settings", data={"reviewers_per_idea": 2, "disagreement_threshold": 30}),
        lambda w: EvaluationSettings.objects.filter(edp=w["edp"], reviewers_per_idea=2).exists(),
        coordinator_only,
    ),
    ActionCase(
        "change the criteria grid",
        _post("criteria", data=_criteria_grid),
        lambda w: EvaluationCriterion.objects.filter(edp=w["edp"], name="Fit renamed", weight=70).exists(),
        coordinator_only,
    ),
    ActionCase(
        "assign an evaluator by hand",
        _post(
            "assign_manual",
            data=lambda w: {"idea": w["idea"].pk, "evaluator": w["people"]["evaluator_unassigned"].pk},
        ),
        lambda w: _active(w, "evaluator_unassigned"),
        coordinator_only,
    ),
    ActionCase(
        "take an assignment back",
        _post("release", "assignment_id", data={"reason": "Too slow"}),
        lambda w: Assignment.objects.get(pk=w["assignment"].pk).status == Assignment.Status.RELEASED,
        coordinator_only,
    ),
    ActionCase(
        "set an evaluator's cap",
        _post(
            "evaluator_cap",
            "evaluator_id",
            data=lambda w: {f"cap-{w['evaluator_id']}-max_ideas": "4"},
        ),
        lambda w: EvaluatorCap.objects.filter(edp=w["edp"], max_ideas=4).exists(),
        coordinator_only,
    ),
    # --- Consensus discussion ------------------------------------------------------
    ActionCase(
        "post in the consensus discussion as coordinator",
        _post("coordinator_post", "idea_id", data={"body": "Coordinator table message"}),
        lambda w: ConsensusMessage.objects.filter(body="Coordinator table message").exists(),
        coordinator_only,
    ),
    ActionCase(
        "post in the consensus discussion as evaluator, once submitted",
        _post("evaluator_post", "idea_id", data={"body": "Evaluator table message"}),
        lambda w: ConsensusMessage.objects.filter(body="Evaluator table message").exists(),
        assigned_evaluator_only,
        prepare=_submit_own_evaluation,
    ),
    ActionCase(
        # Before submitting, the discussion would reveal the others' views.
        "post in the consensus discussion as evaluator, before submitting",
        _post("evaluator_post", "idea_id", data={"body": "Too early message"}),
        lambda w: ConsensusMessage.objects.filter(body="Too early message").exists(),
        lambda role: Refused("once you have submitted") if role == "evaluator" else assigned_evaluator_only(role),
    ),
    # --- The evaluator's own work --------------------------------------------------
    ActionCase(
        "declare a conflict of interest",
        _post("declare_conflict", "idea_id", data={"reason": "My brother runs this company."}),
        lambda w: ConflictOfInterest.objects.filter(idea=w["idea"]).exists() and not _active(w, "evaluator"),
        assigned_evaluator_only,
    ),
    ActionCase(
        "save a draft of scores",
        _post("score", "idea_id", data=lambda w: _scores(w, submit=False)),
        lambda w: Evaluation.objects.filter(assignment=w["assignment"], status=Evaluation.Status.DRAFT).exists(),
        assigned_evaluator_only,
    ),
    ActionCase(
        "submit scores",
        _post("score", "idea_id", data=lambda w: _scores(w, submit=True)),
        lambda w: Evaluation.objects.filter(assignment=w["assignment"], status=Evaluation.Status.SUBMITTED).exists(),
        assigned_evaluator_only,
    ),
]


def snapshot(edp) -> dict:
    """Everything an evaluation action can change, for this EDP."""
    return {
        "assignments": sorted(
            Assignment.objects.filter(edp=edp).values_list("idea_id", "evaluator_id", "status", "release_reason")
        ),
        "evaluations": sorted(
            Evaluation.objects.filter(assignment__edp=edp).values_list("assignment_id", "status", "comment")
        ),
        "scores": sorted(
            CriterionScore.objects.filter(evaluation__assignment__edp=edp).values_list("criterion_id", "score")
        ),
        "decisions": sorted(IdeaDecision.objects.filter(edp=edp).values_list("idea_id", "outcome", "rationale")),
        "candidates": sorted(CandidateSpecialisation.objects.filter(edp=edp).values_list("pk", "title")),
        "messages": sorted(ConsensusMessage.objects.filter(edp=edp).values_list("body", flat=True)),
        "caps": sorted(EvaluatorCap.objects.filter(edp=edp).values_list("evaluator_id", "max_ideas")),
        "conflicts": sorted(ConflictOfInterest.objects.filter(edp=edp).values_list("idea_id", "evaluator_id")),
        "criteria": sorted(EvaluationCriterion.objects.filter(edp=edp).values_list("pk", "name", "weight")),
        "settings": list(
            EvaluationSettings.objects.filter(edp=edp).values_list(
                "reviewers_per_idea", "max_load", "deadline", "disagreement_threshold"
            )
        ),
    }


@pytest.fixture
def table_world(world, people):
    """The conftest world (one idea, assigned to ``evaluator``) plus a
    shortlisted idea in a candidate specialisation."""
    edp = world["edp"]
    coordinator = people["coordinator"]
    shortlisted = IdeaFactory(edp=edp, submitted=True, title="Shortlisted idea")
    IdeaDecision.objects.create(
        edp=edp,
        idea=shortlisted,
        outcome="shortlisted",
        rationale="Good",
        decided_by=coordinator,
        decided_at=timezone.now(),
    )
    candidate = CandidateSpecialisation.objects.create(edp=edp, title="Existing group", rationale="r")
    candidate.ideas.add(shortlisted)
    return {
        **world,
        "people": people,
        "idea_id": world["idea"].pk,
        "assignment_id": world["assignment"].pk,
        "evaluator_id": people["evaluator"].pk,
        "shortlisted": shortlisted,
        "candidate": candidate,
    }


def _outcome(response, w, happened, expected, before, role) -> str | None:
    """What is wrong with this cell, or None."""
    login = reverse("account_login")
    status = response.status_code
    landed = happened(w)
    if expected == OK:
        if status not in (200, 302) or (status == 302 and response.url.startswith(login)):
            return f"expected to be allowed, got {status} {getattr(response, 'url', '')}"
        if not landed:
            shown = [str(m) for m in get_messages(response.wsgi_request)]
            context = getattr(response, "context", None)
            form = context.get("form") if context else None
            return f"allowed, but nothing changed ({status}; {form.errors if form else shown})"
        return None
    if landed:
        return f"expected {expected}, but the change went through"
    if snapshot(w["edp"]) != before:
        return f"expected {expected}, but something changed in the database"
    if isinstance(expected, Refused):
        shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
        if status != 302 or expected.message not in shown:
            return f"expected the refusal “{expected.message}”, got {status} with {shown!r}"
        return None
    if expected == NOT_FOUND:
        return None if status == 404 else f"expected 404, got {status}"
    return refusal_problem(response, role)


@pytest.mark.parametrize("case", ACTIONS, ids=[a.label for a in ACTIONS])
def test_action_by_every_role(client, table_world, case):
    w = table_world

    def attempt(role: str) -> str | None:
        if case.prepare:
            case.prepare(w)
        before = snapshot(w["edp"])
        response = case.perform(client, w)
        return _outcome(response, w, case.happened, case.expected(role), before, role)

    problems = problems_by_role(client, w["people"], ROLES, attempt)
    assert not problems, f"{case.label}:\n" + "\n".join(problems)


def test_the_table_covers_every_role_of_the_permission_fixtures():
    assert set(ROLES) == set(ALL_ROLES)
    assert len(ACTIONS) == len({a.label for a in ACTIONS})


# --- Ids from another EDP ------------------------------------------------------------


@pytest.fixture
def foreign(people):
    """The other region's EDP, where ``other_coordinator`` coordinates, with
    an evaluator of its own."""
    other_edp = EDPRole.objects.get(user=people["other_coordinator"]).edp
    EvaluationCriterionFactory(edp=other_edp, weight=100)
    evaluator = EDPRoleFactory(edp=other_edp, role=EDPRole.Role.EVALUATOR, user=UserFactory()).user
    idea = IdeaFactory(edp=other_edp, submitted=True, title="Their own idea")
    Assignment.objects.create(edp=other_edp, idea=idea, evaluator=evaluator)
    return {"edp": other_edp, "evaluator": evaluator}


FOREIGN_ID_ACTIONS = [
    # (label, who acts in their own EDP, url name, kwargs → url args after the slug, payload)
    ("decision", "coordinator", "idea", lambda w: [w["idea"].pk], {"outcome": "shortlisted", "rationale": "x"}),
    ("coordinator post", "coordinator", "coordinator_post", lambda w: [w["idea"].pk], {"body": "Foreign body"}),
    ("release", "coordinator", "release", lambda w: [w["assignment"].pk], {"reason": "Foreign release"}),
    (
        "cap",
        "coordinator",
        "evaluator_cap",
        lambda w: [w["people"]["evaluator"].pk],
        {"cap-0-max_ideas": "1"},
    ),
    ("score", "evaluator", "score", lambda w: [w["idea"].pk], {"comment": "Foreign"}),
    ("declare conflict", "evaluator", "declare_conflict", lambda w: [w["idea"].pk], {"reason": "Foreign reason here"}),
    ("evaluator post", "evaluator", "evaluator_post", lambda w: [w["idea"].pk], {"body": "Foreign body"}),
]


@pytest.mark.parametrize(
    ("label", "actor", "name", "args", "data"), FOREIGN_ID_ACTIONS, ids=[a[0] for a in FOREIGN_ID_ACTIONS]
)
def test_ids_of_another_edp_are_not_found(client, table_world, foreign, people, label, actor, name, args, data):
    """Someone entitled in *their* EDP puts this EDP's ids in their own URLs:
    404, and nothing changes here."""
    w = table_world
    person = people["other_coordinator"] if actor == "coordinator" else foreign["evaluator"]
    client.force_login(person)
    before = snapshot(w["edp"])
    response = client.post(reverse(f"evaluations:{name}", args=[foreign["edp"].slug, *args(w)]), data)
    assert response.status_code == 404, label
    assert snapshot(w["edp"]) == before, label


@pytest.mark.parametrize("field", ["idea", "evaluator"])
def test_manual_assignment_refuses_ids_of_another_edp(client, table_world, foreign, people, field):
    """Ids in the POST body of another EDP are refused by the form and the
    service alike: nothing is assigned anywhere."""
    w = table_world
    client.force_login(people["coordinator"])
    data = {"idea": w["idea"].pk, "evaluator": w["people"]["evaluator_unassigned"].pk}
    data[field] = Assignment.objects.get(edp=foreign["edp"]).idea_id if field == "idea" else foreign["evaluator"].pk
    before, theirs = snapshot(w["edp"]), snapshot(foreign["edp"])
    response = client.post(reverse("evaluations:assign_manual", args=[w["edp"].slug]), data)
    assert response.status_code == 302
    assert "Choose an idea and an evaluator." in [str(m) for m in get_messages(response.wsgi_request)]
    assert snapshot(w["edp"]) == before and snapshot(foreign["edp"]) == theirs


def test_a_candidate_of_another_edp_cannot_be_deleted_or_changed(client, table_world, foreign, people):
    w = table_world
    theirs = CandidateSpecialisation.objects.create(edp=foreign["edp"], title="Their group", rationale="r")
    client.force_login(people["coordinator"])
    url = reverse("evaluations:candidates", args=[w["edp"].slug])
    response = client.post(url, {"delete": "1", "candidate_id": theirs.pk})
    assert response.status_code == 302
    assert "does not exist" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    response = client.post(
        url,
        {"candidate_id": theirs.pk, "title": "Hijacked", "rationale": "r", "ideas": [w["shortlisted"].pk]},
    )
    assert response.status_code == 400 and "does not exist" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.title == "Their group"


def test_a_coordinator_is_told_why_the_grid_is_closed_outside_its_stages(client, table_world, people):
    """Non-coordinators get 403 on the criteria POST; the coordinator, once
    the stage no longer allows changes, gets the page back with the reason."""
    w = table_world
    w["edp"].stage = "consultation"
    w["edp"].save(update_fields=["stage"])
    client.force_login(people["coordinator"])
    before = snapshot(w["edp"])
    response = client.post(reverse("evaluations:criteria", args=[w["edp"].slug]), _criteria_grid(w))
    assert response.status_code == 400
    assert "Criteria cannot be changed in the “Public consultation” stage." in response.content.decode()
    assert snapshot(w["edp"]) == before
