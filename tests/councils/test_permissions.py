"""Permission table of every council action, for every role of issue #15.

The expected outcomes are written out here from the issue and DOMAIN.md
("the secretary runs the draw", "the coordinator must answer each
recommendation", "any verified resident ... of the region volunteers", "the
selection commission sets quotas") and deliberately do not call
``councils.rules``: a change of who may do what has to change this table on
purpose. Every action goes through its real view; each cell checks the
response and the database (``OK``: answered and the change landed;
``DENIED``: the anonymous are sent to sign in, the signed-in get a 403 that
says why, nothing changed). The world is built once; each role acts in a
savepoint that is rolled back.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.choices import Position
from councils.models import (
    CommissionSeat,
    ConflictDeclaration,
    Council,
    CouncilFollower,
    CouncilMember,
    CouncilTerm,
    HearingQuestion,
    Opinion,
    Quota,
    Volunteer,
    VolunteerCall,
)
from edp.models import AgendaItem, Meeting, MeetingRegistration
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.councils import CallFactory, CommissionSeatFactory, QuestionFactory, district
from tests.factories.edp import MeetingFactory
from tests.factories.stakeholders import region
from tests.permission_table import problems_by_role, refusal_problem

from .conftest import ROLES

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
SECRETARY = frozenset({"secretary"})
COORDINATOR = frozenset({"coordinator"})
# DOMAIN: councils are set up by the region's coordinators or platform staff.
SETS_UP = frozenset({"coordinator", "staff"})
# Anyone coordinating a process somewhere may set up a council (in their own region).
MAY_CREATE = frozenset({"coordinator", "other_coordinator", "staff"})
# Drafts are read by those inside: members, the secretary, the region's coordinators.
INSIDE = frozenset({"member", "secretary", "coordinator"})
OK, DENIED = "ok", "denied"


@dataclass
class Case:
    label: str
    perform: Callable[[Any, dict], Any]
    happened: Callable[[dict, str], bool]
    allowed: frozenset


def post(name, *keys, data=None):
    def perform(client, w):
        args = [w["council"].slug, *(w[k].pk for k in keys)]
        payload = data(w) if callable(data) else dict(data or {})
        return client.post(reverse(f"councils:{name}", args=args), payload)

    return perform


def get(name, *keys):
    def perform(client, w):
        return client.get(reverse(f"councils:{name}", args=[w["council"].slug, *(w[k].pk for k in keys)]))

    return perform


def transition(key, name):
    def perform(client, w):
        return client.post(reverse("councils:call_transition", args=[w["council"].slug, w[key].pk, name]))

    return perform


def always(w, role):
    return True


def _when(**delta) -> str:
    return (timezone.localtime() + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def world(council, cast, draft_plan, django_capture_on_commit_callbacks):
    secretary = council.secretary
    w = {"council": council, "cast": cast, "plan": draft_plan}
    w["seat"] = CouncilMember.objects.get(council=council, user=cast["member"])
    w["draft_call"] = CallFactory(council=council, status=VolunteerCall.Status.DRAFT, title="Draft call")
    # An open call whose commission (the member sits on it) is complete.
    w["open_call"] = CallFactory(council=council, title="Open call")
    CommissionSeatFactory(call=w["open_call"], helix=Helix.GOVERNMENT)
    CommissionSeatFactory(call=w["open_call"], user=cast["member"], helix=Helix.CIVIL_SOCIETY)
    CommissionSeatFactory(call=w["open_call"], helix=Helix.CIVIL_SOCIETY)
    # A call whose time is up, waiting to be closed; one frozen, waiting for its public value.
    past = {
        "opens_at": timezone.now() - datetime.timedelta(days=9),
        "closes_at": timezone.now() - datetime.timedelta(hours=1),
    }
    w["due_call"] = CallFactory(council=council, title="Due call", **past)
    w["frozen_call"] = _frozen(council, cast, past)
    w["ready_call"] = _frozen(council, cast, past)
    services.public_value_record(call=w["ready_call"], actor=secretary, value="drand 77: beef")
    w["drawn_call"] = _frozen(council, cast, past)
    services.public_value_record(call=w["drawn_call"], actor=secretary, value="drand 78: cafe")
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_start(call=VolunteerCall.objects.get(pk=w["drawn_call"].pk), actor=secretary)
    w["drawn_call"].refresh_from_db()
    assert w["drawn_call"].status == VolunteerCall.Status.DRAWN, w["drawn_call"].draw_error
    gone = CouncilMember.objects.filter(draw__call=w["drawn_call"]).first()
    services.member_leave(member=gone, actor=secretary, reason="Moved")
    # Meetings: coming up, a hearing coming up, a hearing held with a question.
    w["meeting"] = MeetingFactory(edp=None, council=council, kind=Meeting.Kind.COUNCIL_MEETING, title="Session")
    AgendaItem.objects.create(meeting=w["meeting"], position=0, title="The draft plan")
    w["hearing"] = MeetingFactory(edp=None, council=council, kind=Meeting.Kind.PUBLIC_HEARING, title="Hearing")
    w["held"] = MeetingFactory(
        edp=None,
        council=council,
        kind=Meeting.Kind.PUBLIC_HEARING,
        title="Held hearing",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    w["question"] = QuestionFactory(meeting=w["held"])
    # Opinions: a draft ready to publish, a published one awaiting answers.
    w["draft_opinion"] = services.opinion_save(
        council=council,
        actor=secretary,
        subject=draft_plan,
        position=Position.SUPPORT,
        text="Draft.",
        recommendations=[],
    )
    other_plan = type(draft_plan).objects.create(
        edp=draft_plan.edp, priority=_another_priority(draft_plan), title="Second plan", status="draft"
    )
    published = services.opinion_save(
        council=council,
        actor=secretary,
        subject=other_plan,
        position=Position.SUPPORT_WITH_RECOMMENDATIONS,
        text="Yes, but.",
        recommendations=["Publish twice a year."],
    )
    w["published_opinion"] = services.opinion_publish(opinion=published, actor=secretary)
    w["recommendation"] = w["published_opinion"].recommendations.get()
    w["third_plan"] = type(draft_plan).objects.create(
        edp=draft_plan.edp, priority=_another_priority(draft_plan), title="Third plan", status="draft"
    )
    return w


def _another_priority(plan):
    from tests.factories.priorities import SelectedPriorityFactory

    return SelectedPriorityFactory(edp=plan.edp)


def _frozen(council, cast, dates):
    call = CallFactory(council=council, title="Frozen call", seats_to_fill=2, alternates_wanted=2)
    for i in range(5):
        Volunteer.objects.create(
            call=call,
            user=UserFactory(region=region()),
            helix=Helix.CIVIL_SOCIETY,
            district=district(),
            gender=["female", "male"][i % 2],
            age_band="30-44",
        )
    for helix in (Helix.GOVERNMENT, Helix.CIVIL_SOCIETY, Helix.CIVIL_SOCIETY):
        CommissionSeatFactory(call=call, helix=helix)
    VolunteerCall.objects.filter(pk=call.pk).update(**dates)
    call = services.call_close(call=VolunteerCall.objects.get(pk=call.pk), actor=council.secretary)
    setter = call.commission.last().user
    services.quotas_set(
        call=call,
        actor=setter,
        rows=[("helix", h, 0, 2 if h == Helix.CIVIL_SOCIETY else 0) for h in Helix.values],
    )
    return VolunteerCall.objects.get(pk=call.pk)


def _meeting_data(title):
    return {
        "kind": Meeting.Kind.PUBLIC_HEARING,
        "title": title,
        "description": "",
        "starts_at": _when(days=12),
        "duration_minutes": 90,
        "venue": "Culture centre",
        "online_url": "",
        "capacity": 50,
        "district": "",
        "agenda": "Welcome\nQuestions",
    }


def _user(w, role):
    return w["cast"][role]


CASES = [
    # --- the council ---------------------------------------------------------
    Case("read the council's page", get("detail"), always, EVERYONE),
    Case(
        "set up a council",
        lambda c, w: c.get(reverse("councils:create")),
        always,
        MAY_CREATE,
    ),
    Case(
        "change the council's settings",
        post(
            "edit",
            data=lambda w: {
                "name": "Renamed council",
                "mandate": "m",
                "seats": 9,
                "expenses_budget_kzt": "0",
                "expenses_note": "",
                "civil_min_numerator": 2,
                "civil_min_denominator": 3,
                "official_max_numerator": 1,
                "official_max_denominator": 3,
                "academia_counts_as_civil": "on",
            },
        ),
        lambda w, role: Council.objects.get(pk=w["council"].pk).name == "Renamed council",
        SETS_UP,
    ),
    Case(
        "add a term",
        post("term_add", data={"term-starts_on": "2040-01-01", "term-ends_on": "2042-12-31"}),
        lambda w, role: CouncilTerm.objects.filter(council=w["council"], starts_on="2040-01-01").exists(),
        SETS_UP,
    ),
    Case(
        "follow the council",
        post("follow", data={"follow": "1"}),
        lambda w, role: CouncilFollower.objects.filter(council=w["council"], user=_user(w, role)).exists(),
        SIGNED_IN,
    ),
    # --- members ---------------------------------------------------------------
    Case(
        "appoint a member",
        post(
            "members", data=lambda w: {"person": w["appointee"].email, "helix": Helix.CIVIL_SOCIETY, "role": "member"}
        ),
        lambda w, role: CouncilMember.objects.filter(council=w["council"], user=w["appointee"]).exists(),
        SECRETARY,
    ),
    Case(
        "end the member's seat",
        post("member_leave", "seat", data={"reason": "Resigned"}),
        lambda w, role: CouncilMember.objects.get(pk=w["seat"].pk).status == "left",
        frozenset({"member", "secretary"}),
    ),
    Case(
        "declare an interest",
        post("conflict_declare", data={"interest": "I direct an NGO bidding for a grant."}),
        lambda w, role: ConflictDeclaration.objects.filter(member__council=w["council"]).exists(),
        frozenset({"member"}),
    ),
    # --- selection by lot --------------------------------------------------------
    Case(
        "prepare a call for volunteers",
        post(
            "call_create",
            data=lambda w: {
                "title": "New call",
                "description": "",
                "term": w["council"].terms.first().pk,
                "opens_at": _when(days=1),
                "closes_at": _when(days=20),
                "seats_to_fill": 2,
                "alternates_wanted": 1,
                "commission_size": 3,
                "beacon_source": "drand",
            },
        ),
        lambda w, role: VolunteerCall.objects.filter(title="New call").exists(),
        SECRETARY,
    ),
    Case("read a call not opened yet", get("call", "draft_call"), always, frozenset({"secretary", "coordinator"})),
    Case("read an open call", get("call", "open_call"), always, EVERYONE),
    Case(
        "open a call",
        transition("draft_call", "open"),
        lambda w, role: VolunteerCall.objects.get(pk=w["draft_call"].pk).status == "open",
        SECRETARY,
    ),
    Case(
        "volunteer",
        post(
            "volunteer",
            "open_call",
            data=lambda w: {"district": district().pk, "gender": "female", "age_band": "18-29", "motivation": ""},
        ),
        lambda w, role: Volunteer.objects.filter(call=w["open_call"], user=_user(w, role)).exists(),
        # Residents only: the member already sits; the others live elsewhere or nowhere.
        frozenset({"resident"}),
    ),
    Case(
        "add to the selection commission",
        post("commission", "due_call", data=lambda w: {"person": w["appointee"].email, "helix": Helix.CIVIL_SOCIETY}),
        lambda w, role: CommissionSeat.objects.filter(call=w["due_call"], user=w["appointee"]).exists(),
        SECRETARY,
    ),
    Case(
        "set the quotas",
        post(
            "quotas",
            "open_call",
            data={
                "helix-government-max": "0",
                "helix-industry-max": "2",
                "gender-female-min": "1",
                "gender-female-max": "2",
            },
        ),
        lambda w, role: Quota.objects.filter(call=w["open_call"], feature="gender").exists(),
        # The member sits on this call's selection commission.
        frozenset({"member"}),
    ),
    Case(
        "close the call and freeze the pool",
        transition("due_call", "close"),
        lambda w, role: VolunteerCall.objects.get(pk=w["due_call"].pk).status == "closed",
        SECRETARY,
    ),
    Case("read the frozen pool", get("pool", "frozen_call"), always, EVERYONE),
    Case(
        "record the public value",
        post("public_value", "frozen_call", data={"value": "drand 12: 00"}),
        lambda w, role: VolunteerCall.objects.get(pk=w["frozen_call"].pk).beacon_value == "drand 12: 00",
        SECRETARY,
    ),
    Case(
        "run the draw",
        post("draw", "ready_call"),
        lambda w, role: VolunteerCall.objects.get(pk=w["ready_call"].pk).status != "closed",
        SECRETARY,
    ),
    Case("download the draw's record", get("record", "drawn_call"), always, EVERYONE),
    Case(
        "fill an empty seat from the alternates",
        post("vacancy", "drawn_call"),
        lambda w, role: w["drawn_call"].draw.replacements.exists(),
        SECRETARY,
    ),
    # --- meetings ------------------------------------------------------------------
    Case(
        "schedule a hearing",
        post("meeting_create", data=_meeting_data("New hearing")),
        lambda w, role: Meeting.objects.filter(council=w["council"], title="New hearing").exists(),
        SECRETARY,
    ),
    Case("read a meeting", get("meeting", "hearing"), always, EVERYONE),
    Case(
        "register for a hearing",
        post("meeting_register", "hearing"),
        lambda w, role: MeetingRegistration.objects.filter(meeting=w["hearing"], user=_user(w, role)).exists(),
        SIGNED_IN,
    ),
    Case(
        "send a question before a hearing",
        post("question_ask", "hearing", data={"text": "Will buses run to the hearing?"}),
        lambda w, role: HearingQuestion.objects.filter(meeting=w["hearing"], author=_user(w, role)).exists(),
        SIGNED_IN,
    ),
    Case(
        "answer a question after the hearing",
        post("question_answer", "held", "question", data={"answer": "Yes, from Ekibastuz."}),
        lambda w, role: HearingQuestion.objects.get(pk=w["question"].pk).answer == "Yes, from Ekibastuz.",
        SECRETARY,
    ),
    Case(
        "publish the minutes",
        post("meeting_minutes", "held", data={"minutes": "Ninety people came.", "decisions": "Train welders"}),
        lambda w, role: Meeting.objects.get(pk=w["held"].pk).minutes == "Ninety people came.",
        SECRETARY,
    ),
    Case(
        "cancel a meeting",
        post("meeting_cancel", "meeting", data={"reason": "Flood"}),
        lambda w, role: Meeting.objects.get(pk=w["meeting"].pk).status == "cancelled",
        SECRETARY,
    ),
    # --- opinions ------------------------------------------------------------------
    Case(
        "ask the council for an opinion",
        post("opinion_request", data=lambda w: {"subject": f"plan:{w['third_plan'].pk}", "due_on": ""}),
        lambda w, role: Opinion.objects.filter(subject_id=w["third_plan"].pk, status="requested").exists(),
        COORDINATOR,
    ),
    Case(
        "write an opinion",
        post(
            "opinion_create",
            data=lambda w: {"subject": f"plan:{w['third_plan'].pk}", "position": "support", "text": "Good."},
        ),
        lambda w, role: Opinion.objects.filter(subject_id=w["third_plan"].pk).exists(),
        SECRETARY,
    ),
    Case("read an opinion not yet published", get("opinion", "draft_opinion"), always, INSIDE),
    Case("read a published opinion", get("opinion", "published_opinion"), always, EVERYONE),
    Case(
        "publish the opinion",
        post("opinion_publish", "draft_opinion"),
        lambda w, role: Opinion.objects.get(pk=w["draft_opinion"].pk).status != "draft",
        SECRETARY,
    ),
    Case(
        "answer a recommendation",
        post(
            "recommendation_answer",
            "published_opinion",
            "recommendation",
            data={"answer": "accepted", "reason": "Done."},
        ),
        lambda w, role: bool(type(w["recommendation"]).objects.get(pk=w["recommendation"].pk).answer),
        COORDINATOR,
    ),
]


def _outcome(response, w, role, case) -> str | None:
    login = reverse("account_login")
    status = response.status_code
    landed = case.happened(w, role)
    if role in case.allowed:
        if status not in (200, 302) or (status == 302 and response.url.startswith(login)):
            return f"expected to be allowed, got {status} {getattr(response, 'url', '')}"
        if not landed:
            form = getattr(response, "context", None) and response.context.get("form")
            return f"allowed, but nothing changed ({status}; {form.errors if form else ''})"
        return None
    if landed and case.happened is not always:
        return "expected to be refused, but the change went through"
    problem = refusal_problem(response, role)
    if problem is None and role != "anonymous" and not response.content.strip():
        return "a 403 without a reason"
    return problem


def test_every_council_action_by_every_role(client, world):
    world["appointee"] = UserFactory(region=region())
    problems = []
    for case in CASES:
        problems += [
            f"{case.label} — {p}"
            for p in problems_by_role(
                client,
                world["cast"],
                ROLES,
                lambda role, case=case: _outcome(case.perform(client, world), world, role, case),
            )
        ]
    assert not problems, "\n".join(problems)


def test_refusals_say_why(client, world):
    client.force_login(world["cast"]["resident"])
    response = client.post(reverse("councils:draw", args=[world["council"].slug, world["ready_call"].pk]))
    assert response.status_code == 403
    assert "Only the council&#x27;s secretary does this." in response.content.decode()
    elsewhere = world["cast"]["other_coordinator"]
    client.force_login(elsewhere)
    response = client.get(reverse("councils:volunteer", args=[world["council"].slug, world["open_call"].pk]))
    assert response.status_code == 403 and "Only residents of" in response.content.decode()


def test_another_councils_ids_are_not_found(client, world):
    other = type(world["council"]).objects.create(
        region=region("kyzylorda"), slug="elsewhere", name="Elsewhere", mandate="m", seats=3
    )
    client.force_login(world["council"].secretary)
    for name, key in (
        ("call", "open_call"),
        ("meeting", "hearing"),
        ("opinion", "published_opinion"),
        ("pool", "frozen_call"),
    ):
        response = client.get(reverse(f"councils:{name}", args=[other.slug, world[key].pk]))
        assert response.status_code == 404, name
    assert client.get(reverse("councils:opinion", args=[world["council"].slug, 999999])).status_code == 404
