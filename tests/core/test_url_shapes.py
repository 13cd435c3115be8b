"""Every URL of the project fails in the same few shapes (issue 12).

The test walks every URL pattern (``django.urls.get_resolver``), fills its
arguments with the objects of a small world — an EDP with one of each thing
in it, and a second EDP with the same — and asks each URL:

(a) as an anonymous visitor: a refusal is the sign-in page, coming back here
    (``?next=``), never a bare 403;
(b) as a signed-in person with a verified address and no role anywhere: a
    refusal is a 403 page that says why (not the generic sentence), never the
    sign-in page again;
(c) with an id of the *other* EDP's object (under this EDP, or under an
    object of this EDP), as this EDP's coordinator and as the person without
    a role: 404, whoever asks — an id from elsewhere names nothing here;

and never a server error. A URL that only accepts POST is asked with an empty
POST. Each request runs in a savepoint that is rolled back, so every URL
meets the same world.

Third-party pages (the admin, allauth's account pages, the API schema and
root) keep their own conventions and are not walked. The API answers
machines: a refusal there is DRF's 401/403, never a redirect.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.permissions import DEFAULT_REASON
from edp.models import EDPRole
from edp.workflow import Stage
from stakeholders.choices import Helix, OrganisationKind
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import (
    EDPFactory,
    EDPRoleFactory,
    EDPStageFactory,
    IdeaAttachmentFactory,
    IdeaFactory,
    MeetingFactory,
    RegionalAssetFactory,
    RoleInvitationFactory,
    SWOTEntryFactory,
)
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db

# Third-party code keeps its own conventions (the admin sends everyone to its
# login; allauth's and DRF's pages are theirs).
THIRD_PARTY = ("django.", "allauth.", "drf_spectacular.", "rest_framework.", "simple_history.")

# --- The world ------------------------------------------------------------------


def _edp(region_code: str):
    place = region(region_code)
    edp = EDPFactory(
        stage=Stage.FORESIGHT,
        region=place,
        owner=OrganisationFactory(helix=Helix.GOVERNMENT, kind=OrganisationKind.AKIMAT, region=place),
    )
    for stage in Stage:
        EDPStageFactory(edp=edp, stage=stage)
    return edp


def _objects(edp) -> dict:
    """One of each thing in ``edp`` (and in the apps that hang off it)."""
    from consultations.models import Answer, CommentingBlock, HearingLink
    from notifications.models import Event
    from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory
    from tests.factories.evaluations import AssignmentFactory
    from tests.factories.notifications import AnnouncementFactory
    from tests.factories.plans import (
        ActionFactory,
        ActionPlanFactory,
        ChallengeFactory,
        IndicatorFactory,
        MeasurementFactory,
        ObjectiveFactory,
        PlanPriorityFactory,
        SteeringBodyMemberFactory,
    )
    from tests.factories.priorities import CandidatePriorityFactory, SteeringCommitteeMemberFactory

    coordinator = EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(coordinator)
    evaluator = EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR).user
    organisation = OrganisationFactory(region=edp.region)
    idea = IdeaFactory(edp=edp, submitted=True)
    meeting = MeetingFactory(edp=edp, starts_at=timezone.now() + timedelta(days=5))
    consultation = ConsultationFactory(edp=edp)
    item = ItemFactory(consultation=consultation)
    comment = CommentFactory(item=item)
    plan = ActionPlanFactory(priority__edp=edp, edp=edp)
    challenge = ChallengeFactory(plan=plan)
    objective = ObjectiveFactory(plan_priority=PlanPriorityFactory(challenge=challenge, plan=plan), plan=plan)
    indicator = IndicatorFactory(objective=objective, plan=plan)
    event = Event.objects.create(
        key="edp.idea_submitted",
        target_type=ContentType.objects.get_for_model(idea),
        target_id=idea.pk,
        actor_id=idea.submitter_id,
    )
    return {
        "edp": edp,
        "coordinator": coordinator,
        "evaluator": evaluator,
        "role": EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR),
        "invitation": RoleInvitationFactory(edp=edp),
        "asset": RegionalAssetFactory(edp=edp),
        "swot": SWOTEntryFactory(edp=edp),
        "meeting": meeting,
        "idea": idea,
        "attachment": IdeaAttachmentFactory(idea=idea),
        "organisation": organisation,
        "membership": MembershipFactory(organisation=organisation, status="pending"),
        "assignment": AssignmentFactory(idea=idea, evaluator=evaluator),
        "consultation": consultation,
        "item": item,
        "comment": comment,
        "answer": Answer.objects.create(
            consultation=consultation, item=item, summary="Water", outcome="accepted", reason="Done."
        ),
        "hearing": HearingLink.objects.create(consultation=consultation, meeting=meeting),
        "block": CommentingBlock.objects.create(
            consultation=consultation, user=UserFactory(), until=timezone.now() + timedelta(days=1), reason="Spam"
        ),
        "candidate": CandidatePriorityFactory(edp=edp),
        "steering_member": SteeringCommitteeMemberFactory(edp=edp),
        "plan": plan,
        "plan_member": SteeringBodyMemberFactory(plan=plan),
        "challenge": challenge,
        "indicator": indicator,
        "action": ActionFactory(objective=objective, plan=plan),
        "measurement": MeasurementFactory(indicator=indicator),
        "announcement": AnnouncementFactory(),
        "notification_event": event,
        **_council_objects(edp),
    }


def _council_objects(edp) -> dict:
    """A public council of the EDP's region, with one of each of its things."""
    from councils.models import Opinion
    from edp.models import AgendaItem, Meeting
    from tests.factories.councils import (
        CallFactory,
        CommissionSeatFactory,
        CouncilFactory,
        MemberFactory,
        QuestionFactory,
        RecommendationFactory,
    )

    council = CouncilFactory(region=edp.region, edp=edp)
    call = CallFactory(council=council)
    meeting = MeetingFactory(edp=None, council=council, kind=Meeting.Kind.PUBLIC_HEARING)
    AgendaItem.objects.create(meeting=meeting, title="The draft plan")
    opinion = Opinion.objects.create(
        council=council,
        subject_type=ContentType.objects.get_for_model(edp),
        subject_id=edp.pk,
        subject_title="Draft",
        status=Opinion.Status.PUBLISHED,
        position="support_with_recommendations",
        text="Yes, but.",
        published_at=timezone.now(),
    )
    return {
        "council": council,
        "council_member": MemberFactory(council=council),
        "call": call,
        "commission_seat": CommissionSeatFactory(call=call),
        "council_meeting": meeting,
        "question": QuestionFactory(meeting=meeting),
        "opinion": opinion,
        "recommendation": RecommendationFactory(opinion=opinion),
    }


@pytest.fixture
def world():
    person = UserFactory()  # verified address, no role, no organisation
    here, there = _objects(_edp("pavlodar")), _objects(_edp("kyzylorda"))
    from notifications.models import Notification

    for side in (here, there):
        side["notification"] = Notification.objects.create(event=side.pop("notification_event"), recipient=person)
    return {"person": person, "here": here, "there": there}


# --- Filling in a URL's arguments ---------------------------------------------------

# The object a ``pk`` names, by the path segment before it.
PK_BY_SEGMENT = {
    "organisations": "organisation",
    "assets": "asset",
    "swot": "swot",
    "meetings": "meeting",
    "ideas": "idea",
    "consultations": "consultation",
    "items": "item",
    "comments": "comment",
    "hearings": "hearing",
    "blocks": "block",
    "answers": "answer",
    "priorities": "candidate",
    "plans": "plan",
    "notifications": "notification",
    "announcements": "announcement",
    "edps": "edp",
    "consultation-items": "item",
    "consultation-comments": "comment",
}
# Arguments named after what they name (app label, argument) -> object key.
BY_NAME = {
    ("edp", "role_pk"): "role",
    ("edp", "invitation_pk"): "invitation",
    ("edp", "attachment_pk"): "attachment",
    ("stakeholders", "membership_id"): "membership",
    ("evaluations", "evaluator_id"): "evaluator",
    ("evaluations", "assignment_id"): "assignment",
    ("evaluations", "idea_id"): "idea",
    ("priorities", "member_pk"): "steering_member",
    ("plans", "member_pk"): "plan_member",
    ("plans", "node_pk"): "challenge",
    ("plans", "indicator_pk"): "indicator",
    ("plans", "measurement_pk"): "measurement",
    ("plans", "action_pk"): "action",
    ("councils", "seat_pk"): "commission_seat",
    ("councils", "question_pk"): "question",
    ("councils", "recommendation_pk"): "recommendation",
}
# A public council's URLs name the council by its slug, and its own things by id.
COUNCIL_PK_BY_SEGMENT = {
    "members": "council_member",
    "calls": "call",
    "meetings": "council_meeting",
    "opinions": "opinion",
}
# Arguments that are words, not objects.
LITERALS = {
    "fmt": "csv",
    "format": "json",
    "table": "participants",
    "kind": "challenge",
    "to": "adopt",
    "number": "1",
    "transition": "open",
}


def _segment_before(route: str, name: str) -> str:
    parts = [p for p in route.replace("^", "").replace("$", "").split("/") if p]
    for i, part in enumerate(parts):
        if f":{name}>" in part or f"<{name}>" in part or f"(?P<{name}>" in part:
            return parts[i - 1] if i else ""
    return ""


def _object_key(app: str, route: str, name: str) -> str | None:
    if app == "councils" and name == "slug":
        return "council"
    if app == "councils" and name == "pk":
        return COUNCIL_PK_BY_SEGMENT.get(_segment_before(route, name))
    if name in ("slug", "edp_slug"):
        return "edp"
    if (app, name) in BY_NAME:
        return BY_NAME[(app, name)]
    if name == "pk":
        return PK_BY_SEGMENT.get(_segment_before(route, name))
    return None


def _token(app: str, person, objects) -> str:
    if app == "edp":
        return objects["invitation"].token
    if app == "accounts":
        from accounts.personal_data import make_token

        return make_token(person)
    if app == "notifications":
        from notifications.tokens import unsubscribe_token

        return unsubscribe_token(user_id=person.pk, event="notifications.announcement")
    raise AssertionError(f"no token known for {app}")


def _value(key: str, objects) -> str:
    obj = objects[key]
    if key in ("edp", "council"):
        return obj.slug
    return str(obj.pk)


# --- Walking the URLs ------------------------------------------------------------------


def _patterns(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace, p, prefix + str(p.pattern)


def _app_of(pattern: URLPattern) -> str:
    callback = pattern.callback
    module = getattr(getattr(callback, "cls", None), "__module__", None) or callback.__module__
    return module


class Case:
    def __init__(self, app, name, url, args, is_api):
        self.app, self.name, self.url, self.args, self.is_api = app, name, url, args, is_api

    def __repr__(self):
        return f"{self.app} {self.name} {self.url}"


def _cases(world):
    """(app, URL name, arguments: [(name, object key or literal)], is API) of every URL."""
    seen = set()
    for namespace, pattern, route in _patterns():
        module = _app_of(pattern)
        if module.startswith(THIRD_PARTY) or namespace == "admin" or not pattern.name:
            continue
        app = module.split(".")[0]
        if app == "config":  # the API router's own root view
            continue
        names = list(pattern.pattern.regex.groupindex)
        args = []
        for name in names:
            if name in LITERALS:
                args.append((name, None, LITERALS[name]))
            elif name == "token":
                args.append((name, None, None))
            else:
                key = _object_key(app, route, name)
                assert key, f"{app}: no object known for the argument {name!r} of {route}"
                args.append((name, key, None))
        full_name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        marker = (full_name, tuple(n for n, *_ in args))
        if marker in seen:
            continue
        seen.add(marker)
        is_api = hasattr(pattern.callback, "cls") or "api" in module.split(".")
        yield Case(app, full_name, route, args, is_api)


def _reverse(case, world, swap: str | None = None) -> str:
    """The URL with this EDP's objects; ``swap``: this argument takes the other EDP's."""
    kwargs = {}
    for name, key, literal in case.args:
        if literal is not None:
            kwargs[name] = literal
        elif key is None:
            kwargs[name] = _token(case.app, world["person"], world["here"])
        else:
            kwargs[name] = _value(key, world["there"] if name == swap else world["here"])
    return reverse(case.name, kwargs=kwargs)


def _ask(client, url):
    """GET, or an empty POST where only POST is accepted; in a savepoint."""
    savepoint = transaction.savepoint()
    try:
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        return response, None
    except Exception as exc:  # a server error: report it with the others
        return None, f"raised {type(exc).__name__}: {exc}"
    finally:
        transaction.savepoint_rollback(savepoint)


def _login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and response["Location"].startswith(reverse("account_login"))


def _anonymous_problem(case, response) -> str | None:
    if case.is_api:
        if _login_redirect(response):
            return "the API sent a machine to the sign-in page"
        return None
    if response.status_code == 403:
        return "anonymous got a bare 403 instead of the sign-in page"
    if _login_redirect(response) and "next=" not in response["Location"]:
        return "sent to sign in without coming back (no next=)"
    return None


def _person_problem(case, response) -> str | None:
    if _login_redirect(response):
        return "a signed-in person was sent to sign in again"
    if response.status_code == 403 and not case.is_api:
        context = response.context or {}
        reason = context.get("reason") if hasattr(context, "get") else None
        if not reason:
            return "403 without a reason"
        if str(reason) == str(DEFAULT_REASON):
            return "403 with the generic reason instead of a specific one"
    return None


def test_every_url_has_the_same_shapes(client, world):
    cases = list(_cases(world))
    assert len(cases) > 100, "the walk found too few URLs"
    coordinator = world["here"]["coordinator"]
    problems: dict[str, list[str]] = defaultdict(list)

    def note(case, who, url, problem):
        problems[case.app].append(f"{case.name} {url} ({who}): {problem}")

    for case in cases:
        url = _reverse(case, world)
        client.logout()
        response, error = _ask(client, url)
        if error or response.status_code >= 500:
            note(case, "anonymous", url, error or f"server error {response.status_code}")
        elif problem := _anonymous_problem(case, response):
            note(case, "anonymous", url, problem)

        client.force_login(world["person"])
        response, error = _ask(client, url)
        if error or response.status_code >= 500:
            note(case, "no role", url, error or f"server error {response.status_code}")
        elif problem := _person_problem(case, response):
            note(case, "no role", url, problem)

        # (c) The other EDP's object where this EDP's is expected: nothing here.
        objects = [name for name, key, _literal in case.args if key is not None]
        for swap in objects[1:]:
            other = _reverse(case, world, swap=swap)
            for who, user in (("coordinator", coordinator), ("no role", world["person"])):
                client.force_login(user)
                response, error = _ask(client, other)
                if error or response.status_code != 404:
                    note(case, who, other, error or f"another EDP's {swap} answered {response.status_code}, not 404")

    assert not problems, "\n".join(f"{app}: {p}" for app, found in sorted(problems.items()) for p in found)
