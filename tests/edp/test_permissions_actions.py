"""Permission table of every EDP *action*, for every role, in every stage.

The expectations below are written out from issue #3 and DOMAIN.md ("the
call for ideas runs during technological foresight", "the coordinator
curates the SWOT board", ...) and deliberately do not call ``edp.workflow``
or ``edp.rules``: if someone changes what a stage allows, this table has to
be changed on purpose too.

Every action goes through the real view. Each cell checks the response and
the database:

- ``OK``: the view answers (200/302, not to the sign-in page) and the
  change is in the database;
- ``DENIED``: anonymous people are sent to sign in, signed-in people get
  403, and nothing changed;
- ``Refused(text)``: the permission holds but the service refuses, saying
  ``text`` to the person, and nothing changed.

For speed each (action, stage) builds its world once and runs every role
inside a savepoint that is rolled back, so each role starts from the same
state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import modules
from edp.models import (
    EDPRole,
    Idea,
    Meeting,
    MeetingRegistration,
    RegionalAsset,
    RegionFact,
    RoleInvitation,
    SWOTEntry,
)
from edp.workflow import Stage
from tests.factories.accounts import UserFactory
from tests.factories.edp import (
    EDPRoleFactory,
    IdeaFactory,
    MeetingFactory,
    MeetingRegistrationFactory,
    RegionalAssetFactory,
    RoleInvitationFactory,
    SWOTEntryFactory,
    tiny_pdf,
)
from tests.permission_table import problems_by_role, refusal_problem

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "participant",  # registered for one of this EDP's meetings
    "author",  # submitter of the idea the idea actions act on
    "evaluator",
    "facilitator",
    "moderator",
    "coordinator",
    "other_coordinator",  # coordinator of another region's EDP
]
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
COORDINATOR = frozenset({"coordinator"})
MEETING_RUNNERS = frozenset({"coordinator", "facilitator"})
# DOMAIN: the SWOT board is filled by the people in the room (meeting
# participants) and by those running the EDP.
SWOT_CONTRIBUTORS = frozenset({"participant", "evaluator", "facilitator", "moderator", "coordinator"})
AUTHOR = frozenset({"author"})

ALL_STAGES = list(Stage)
# The call for ideas runs in technological foresight, and only then.
CALL_FOR_IDEAS = {Stage.FORESIGHT}
# The evidence base (assets) is built in preparation and foresight.
EVIDENCE_STAGES = {Stage.PREPARATION, Stage.FORESIGHT}
# Meetings (foresight workshops, focus groups, hearings) happen throughout.
MEETING_STAGES = set(ALL_STAGES)


@dataclass(frozen=True)
class Refused:
    message: str


OK = "ok"
DENIED = "denied"


def only(stages, roles) -> Callable[[str, str], Any]:
    """``roles`` may, in ``stages``; everyone else, everywhere, is denied."""
    return lambda stage, role: OK if stage in stages and role in roles else DENIED


@dataclass
class ActionCase:
    label: str
    perform: Callable[[Any, dict], Any]  # (client, world) -> response
    happened: Callable[[dict, str], bool]  # (world, role) -> did the change land?
    expected: Callable[[str, str], Any]  # (stage, role) -> OK | DENIED | Refused


def _post(name, key=None, data=None, **extra):
    def perform(client, w):
        args = [w["edp"].slug]
        if key:
            args.append(w[key].pk)
        payload = data(w) if callable(data) else dict(data or {})
        return client.post(reverse(f"edp:{name}", args=args), payload, **extra)

    return perform


def _idea_fields(title: str) -> dict:
    return {
        "title": title,
        "summary": "Local refractory bricks from smelter dross.",
        "activity": "Pilot line recycling dross into refractory materials.",
        "expected_impact": "",
        "support_needed": "",
    }


def _csv(w):
    content = b"indicator,value,unit,year,source\nPermission import GRP,12.5,bn KZT,2024,BNS\n"
    return {"import": "1", "file": SimpleUploadedFile("facts.csv", content, content_type="text/csv")}


def _meeting_data(title):
    return lambda w: {
        "kind": Meeting.Kind.FOCUS_GROUP,
        "title": title,
        "description": "",
        "starts_at": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 90,
        "venue": "Akimat, room 4",
        "online_url": "",
        "capacity": 20,
        "facilitator": "",
        "agenda": "Welcome\nDiscussion",
        "topics": "water, energy",
    }


def _advance_or_refuse(stage, role):
    if role != "coordinator":
        return DENIED
    if stage == Stage.MONITORING:
        # The last stage: there is no next one to move to.
        return Refused("the process is already in this stage")
    return OK


def _reopen_or_refuse(stage, role):
    if role != "coordinator":
        return DENIED
    if stage == Stage.PREPARATION:
        return Refused("Only an earlier stage can be reopened")
    return OK


def _next(stage: str) -> str:
    order = list(Stage)
    i = order.index(stage)
    return order[i + 1] if i + 1 < len(order) else stage


ACTIONS = [
    # --- The call for ideas ---------------------------------------------------
    ActionCase(
        "submit a new idea",
        _post("idea_create", data=lambda w: {**_idea_fields("Permission table idea"), "submit": "1"}),
        lambda w, role: Idea.objects.filter(
            edp=w["edp"], title="Permission table idea", status=Idea.Status.SUBMITTED
        ).exists(),
        only(CALL_FOR_IDEAS, SIGNED_IN),
    ),
    ActionCase(
        "save a draft idea",
        _post("idea_create", data=lambda w: _idea_fields("Permission table draft")),
        lambda w, role: Idea.objects.filter(
            edp=w["edp"], title="Permission table draft", status=Idea.Status.DRAFT
        ).exists(),
        only(CALL_FOR_IDEAS, SIGNED_IN),
    ),
    ActionCase(
        "edit the author's submitted idea",
        _post("idea_edit", "idea", data=lambda w: _idea_fields("Edited title")),
        lambda w, role: Idea.objects.get(pk=w["idea"].pk).title == "Edited title",
        only(CALL_FOR_IDEAS, AUTHOR),
    ),
    ActionCase(
        "submit the author's draft",
        _post("idea_submit", "draft"),
        lambda w, role: Idea.objects.get(pk=w["draft"].pk).status == Idea.Status.SUBMITTED,
        only(CALL_FOR_IDEAS, AUTHOR),
    ),
    ActionCase(
        # Evaluators' work must not vanish under them: no withdrawing once
        # evaluation has started.
        "withdraw the author's idea",
        _post("idea_withdraw", "idea"),
        lambda w, role: Idea.objects.get(pk=w["idea"].pk).status == Idea.Status.WITHDRAWN,
        only(CALL_FOR_IDEAS, AUTHOR),
    ),
    ActionCase(
        "attach a file to the author's draft",
        _post(
            "attachment_upload",
            "draft",
            data=lambda w: {"file": SimpleUploadedFile("plan.pdf", tiny_pdf(), content_type="application/pdf")},
        ),
        lambda w, role: w["draft"].attachments.exists(),
        only(CALL_FOR_IDEAS, AUTHOR),
    ),
    # --- Meetings -------------------------------------------------------------
    ActionCase(
        "register for a meeting",
        _post("meeting_register", "future"),
        lambda w, role: (
            MeetingRegistration.objects.filter(meeting=w["future"], user=w["cast"][role]).exists()
            if w["cast"][role]
            else False
        ),
        only(MEETING_STAGES, SIGNED_IN),
    ),
    ActionCase(
        "schedule a meeting",
        _post("meeting_create", data=_meeting_data("Permission focus group")),
        lambda w, role: Meeting.objects.filter(edp=w["edp"], title="Permission focus group").exists(),
        only(MEETING_STAGES, MEETING_RUNNERS),
    ),
    ActionCase(
        "change a meeting",
        _post("meeting_edit", "future", data=_meeting_data("Renamed workshop")),
        lambda w, role: Meeting.objects.get(pk=w["future"].pk).title == "Renamed workshop",
        only(MEETING_STAGES, MEETING_RUNNERS),
    ),
    ActionCase(
        # A facilitator runs the meetings they facilitate, not their colleagues'.
        "change a meeting another facilitator runs",
        _post("meeting_edit", "colleagues", data=_meeting_data("Renamed by someone")),
        lambda w, role: Meeting.objects.get(pk=w["colleagues"].pk).title == "Renamed by someone",
        only(MEETING_STAGES, COORDINATOR),
    ),
    ActionCase(
        "cancel a meeting",
        _post("meeting_cancel", "future", data={"reason": "The venue is flooded."}),
        lambda w, role: Meeting.objects.get(pk=w["future"].pk).status == Meeting.Status.CANCELLED,
        only(MEETING_STAGES, MEETING_RUNNERS),
    ),
    ActionCase(
        "mark attendance",
        _post("meeting_attendance", "past", data=lambda w: {"present": [w["seat"].pk]}),
        lambda w, role: MeetingRegistration.objects.get(pk=w["seat"].pk).attended,
        only(MEETING_STAGES, MEETING_RUNNERS),
    ),
    ActionCase(
        "publish minutes",
        _post("meeting_minutes", "past", data={"minutes": "We agreed on three themes.", "decisions": "Theme A"}),
        lambda w, role: Meeting.objects.get(pk=w["past"].pk).minutes_published_at is not None,
        only(MEETING_STAGES, MEETING_RUNNERS),
    ),
    # --- Evidence base --------------------------------------------------------
    ActionCase(
        "add a SWOT entry",
        _post("swot", data={"quadrant": "threat", "text": "Young people leave for Astana"}),
        lambda w, role: SWOTEntry.objects.filter(edp=w["edp"], text="Young people leave for Astana").exists(),
        only(CALL_FOR_IDEAS, SWOT_CONTRIBUTORS),
    ),
    ActionCase(
        # Curating what is on the board stays the coordinator's job in any
        # stage (late entries still need a decision).
        "curate a SWOT entry",
        _post("swot_curate", "swot", data={"status": "accepted", "quadrant": "strength"}),
        lambda w, role: SWOTEntry.objects.get(pk=w["swot"].pk).status == SWOTEntry.Status.ACCEPTED,
        only(ALL_STAGES, COORDINATOR),
    ),
    ActionCase(
        "add a regional asset",
        _post(
            "asset_create",
            data={"dimension": "economic", "title": "Aluminium smelter", "description": "Largest in the country."},
        ),
        lambda w, role: RegionalAsset.objects.filter(edp=w["edp"], title="Aluminium smelter").exists(),
        only(EVIDENCE_STAGES, COORDINATOR),
    ),
    ActionCase(
        "edit a regional asset",
        _post(
            "asset_edit",
            "asset",
            data={"dimension": "geographic", "title": "Irtysh river", "description": "Water for industry."},
        ),
        lambda w, role: RegionalAsset.objects.get(pk=w["asset"].pk).title == "Irtysh river",
        only(EVIDENCE_STAGES, COORDINATOR),
    ),
    ActionCase(
        "delete a regional asset",
        _post("asset_delete", "asset"),
        lambda w, role: not RegionalAsset.objects.filter(pk=w["asset"].pk).exists(),
        only(EVIDENCE_STAGES, COORDINATOR),
    ),
    ActionCase(
        # Region facts are statistics of the region, kept up to date in any stage.
        "add a region fact",
        _post("facts", data={"add": "1", "indicator": "Permission GRP", "value": "1", "year": "2024", "source": "BNS"}),
        lambda w, role: RegionFact.objects.filter(indicator="Permission GRP").exists(),
        only(ALL_STAGES, COORDINATOR),
    ),
    ActionCase(
        "import region facts from CSV",
        _post("facts", data=_csv),
        lambda w, role: RegionFact.objects.filter(indicator="Permission import GRP").exists(),
        only(ALL_STAGES, COORDINATOR),
    ),
    # --- Running the EDP ------------------------------------------------------
    ActionCase(
        "change the EDP's settings",
        _post(
            "settings",
            data=lambda w: {
                "edp-title": "Renamed process",
                "edp-description": "",
                "edp-period_start": w["edp"].period_start,
                "edp-period_end": w["edp"].period_end,
                "edp-ideas_close_at": "",
                "edp-underrepresented_share": 20,
            },
        ),
        lambda w, role: type(w["edp"]).objects.get(pk=w["edp"].pk).title == "Renamed process",
        only(ALL_STAGES, COORDINATOR),
    ),
    ActionCase(
        "invite someone to a role",
        _post("roles", data={"email": "new.evaluator@example.kz", "role": "evaluator"}),
        lambda w, role: RoleInvitation.objects.filter(edp=w["edp"], email="new.evaluator@example.kz").exists(),
        only(ALL_STAGES, COORDINATOR),
    ),
    ActionCase(
        "revoke a role",
        _post("role_revoke", "spare_role"),
        lambda w, role: not EDPRole.objects.filter(pk=w["spare_role"].pk).exists(),
        only(ALL_STAGES, COORDINATOR),
    ),
    ActionCase(
        "withdraw an invitation",
        _post("invitation_revoke", "invitation"),
        lambda w, role: RoleInvitation.objects.get(pk=w["invitation"].pk).revoked_at is not None,
        only(ALL_STAGES, COORDINATOR),
    ),
    ActionCase(
        "move to the next stage",
        _post("stage", data=lambda w: {"action": "advance", "to_stage": _next(w["edp"].stage)}),
        lambda w, role: type(w["edp"]).objects.get(pk=w["edp"].pk).stage != w["stage"],
        _advance_or_refuse,
    ),
    ActionCase(
        "reopen preparation",
        _post("stage", data={"action": "reopen", "to_stage": "preparation", "reason": "The asset inventory is thin."}),
        lambda w, role: type(w["edp"]).objects.get(pk=w["edp"].pk).stage != w["stage"],
        _reopen_or_refuse,
    ),
]


@pytest.fixture
def world(edp, cast, monkeypatch):
    """Everything the actions act on, in ``edp`` (Pavlodar)."""
    # Entering a stage has preconditions (assets, ideas, criteria...) that
    # tests/edp/test_transitions.py covers; here only who may move matters.
    monkeypatch.setattr(modules, "preconditions", lambda stage: [])
    people = dict(cast)
    people["author"] = UserFactory()
    people["participant"] = UserFactory()
    past = MeetingFactory(edp=edp, facilitator=cast["facilitator"], starts_at=timezone.now() - timedelta(days=1))
    seat = MeetingRegistrationFactory(meeting=past, user=people["participant"])
    return {
        "edp": edp,
        "cast": people,
        "idea": IdeaFactory(edp=edp, submitter=people["author"], submitted=True),
        "draft": IdeaFactory(edp=edp, submitter=people["author"]),
        "asset": RegionalAssetFactory(edp=edp),
        "swot": SWOTEntryFactory(edp=edp),
        "future": MeetingFactory(edp=edp, facilitator=cast["facilitator"]),
        "colleagues": MeetingFactory(edp=edp, facilitator=EDPRoleFactory(edp=edp, role=EDPRole.Role.FACILITATOR).user),
        "past": past,
        "seat": seat,
        "spare_role": EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR),
        "invitation": RoleInvitationFactory(edp=edp, email="pending@example.kz"),
    }


def _outcome(response, w, role, happened, expected) -> str | None:
    """What is wrong with this cell, or None."""
    login = reverse("account_login")
    status = response.status_code
    landed = happened(w, role)
    if expected == OK:
        if status not in (200, 302) or (status == 302 and response.url.startswith(login)):
            return f"expected to be allowed, got {status} {getattr(response, 'url', '')}"
        if not landed:
            shown = [str(m) for m in get_messages(response.wsgi_request)]
            errors = getattr(response, "context", None) and response.context.get("form")
            detail = errors.errors if errors else shown
            return f"allowed, but nothing changed ({status}; {detail})"
        return None
    if landed:
        return f"expected {expected}, but the change went through"
    if isinstance(expected, Refused):
        shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
        if status != 302 or expected.message not in shown:
            return f"expected the refusal “{expected.message}”, got {status} with {shown!r}"
        return None
    return refusal_problem(response, role)


@pytest.mark.parametrize("stage", ALL_STAGES)
@pytest.mark.parametrize("case", ACTIONS, ids=[a.label for a in ACTIONS])
def test_action_by_every_role(client, world, case, stage):
    edp = world["edp"]
    edp.stage = stage
    edp.save(update_fields=["stage"])
    world["stage"] = stage
    problems = problems_by_role(
        client,
        world["cast"],
        ROLES,
        lambda role: _outcome(case.perform(client, world), world, role, case.happened, case.expected(stage, role)),
    )
    assert not problems, f"{case.label} in {stage}:\n" + "\n".join(problems)


def test_the_table_names_every_stage_and_the_roles_of_the_brief():
    """Guards the table itself: a new stage must get its row of expectations."""
    assert [s.value for s in ALL_STAGES] == [
        "preparation",
        "foresight",
        "evaluation",
        "consultation",
        "priority_selection",
        "action_planning",
        "monitoring",
    ]
    assert len(ACTIONS) == len({a.label for a in ACTIONS})


def test_a_facilitator_whose_role_is_revoked_no_longer_runs_their_meetings(client, edp, cast):
    """Revoking a role takes its powers away, even over meetings the person
    was named facilitator of while they had it."""
    person = cast["facilitator"]
    meeting = MeetingFactory(edp=edp, facilitator=person)
    past = MeetingFactory(edp=edp, facilitator=person, starts_at=timezone.now() - timedelta(days=1))
    EDPRole.objects.filter(edp=edp, user=person, role=EDPRole.Role.FACILITATOR).delete()
    client.force_login(person)
    for name, target in (("meeting_edit", meeting), ("meeting_cancel", meeting), ("meeting_minutes", past)):
        response = client.post(reverse(f"edp:{name}", args=[edp.slug, target.pk]), {"reason": "Gone"})
        assert response.status_code == 403, name
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
