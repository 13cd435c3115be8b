"""Permission tables: every EDP page and action, every role, across stages.

Allowed: the page answers (200) or the action goes through (a redirect that
is not to the sign-in page). Refused: anonymous people are sent to sign in,
signed-in people get 403.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from edp.workflow import Stage
from tests.factories.accounts import UserFactory
from tests.factories.edp import (
    IdeaAttachmentFactory,
    IdeaFactory,
    MeetingFactory,
    RegionalAssetFactory,
    SWOTEntryFactory,
)

from .conftest import ROLES

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}
COORD = {"coordinator"}
NOBODY: set[str] = set()
EDP_ROLES = {"evaluator", "moderator", "facilitator", "coordinator"}


@pytest.fixture
def objects(edp, cast):
    asset = RegionalAssetFactory(edp=edp)
    author = UserFactory()
    return {
        "asset": asset,
        "future": MeetingFactory(edp=edp, facilitator=cast["facilitator"]),
        "past": MeetingFactory(edp=edp, facilitator=cast["facilitator"], starts_at=timezone.now() - timedelta(days=1)),
        "draft": IdeaFactory(edp=edp, submitter=author),
        "idea": IdeaFactory(edp=edp, submitter=author, submitted=True, full_text_public=False),
        "swot": SWOTEntryFactory(edp=edp),
        "author": author,
    }


def _url(name, edp, objects, key=None, extra=()):
    args = [edp.slug]
    if key:
        args.append(objects[key].pk)
    return reverse(f"edp:{name}", args=[*args, *extra])


def _assert(response, allowed: bool, role: str, label: str):
    login = reverse("account_login")
    if allowed:
        assert response.status_code in (200, 302), f"{label}: {role} got {response.status_code}"
        if response.status_code == 302:
            assert not response.url.startswith(login), f"{label}: {role} was sent to sign in"
    elif role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(login), f"{label}: anonymous got in"
    else:
        assert response.status_code == 403, f"{label}: {role} got {response.status_code}, expected 403"


# The evidence base is edited in preparation and foresight; the call for
# ideas runs in foresight. Written out here, not read from edp.workflow.
EVIDENCE_STAGES = {Stage.PREPARATION, Stage.FORESIGHT}
CALL_STAGES = {Stage.FORESIGHT}


def in_stages(stages, roles):
    return {stage: (roles if stage in stages else NOBODY) for stage in Stage}


# (label, url name, object key, allowed roles by stage: {stage: roles} or roles for every stage)
PAGES = [
    ("EDP page", "detail", None, ALL),
    ("assets", "assets", None, ALL),
    ("SWOT board", "swot", None, ALL),
    ("facts", "facts", None, ALL),
    ("meetings", "meetings", None, ALL),
    ("meeting page", "meeting", "future", ALL),
    ("meeting calendar", "meeting_calendar", "future", ALL),
    ("ideas", "ideas", None, ALL),
    ("submitted idea", "idea", "idea", ALL),
    ("draft idea", "idea", "draft", NOBODY),
    ("settings", "settings", None, COORD),
    ("roles", "roles", None, COORD),
    ("ideas (coordinator)", "idea_manage", None, COORD),
    ("ideas export", "idea_export", None, COORD),
    ("asset form", "asset_create", None, in_stages(EVIDENCE_STAGES, COORD)),
    ("meeting form", "meeting_create", None, COORD | {"facilitator"}),
    ("meeting edit", "meeting_edit", "future", COORD | {"facilitator"}),
    ("meeting cancel", "meeting_cancel", "future", COORD | {"facilitator"}),
    ("attendance", "meeting_attendance", "past", COORD | {"facilitator"}),
    ("minutes", "meeting_minutes", "past", COORD | {"facilitator"}),
    ("idea form", "idea_create", None, in_stages(CALL_STAGES, SIGNED_IN)),
    ("edit someone's idea", "idea_edit", "draft", NOBODY),
]


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize(("label", "name", "key", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client_as, edp, objects, stage, label, name, key, allowed):
    """Every page, every role, in every stage of the process."""
    edp.stage = stage
    edp.save()
    if isinstance(allowed, dict):
        allowed = allowed[stage]
    extra = ["csv"] if name == "idea_export" else []
    url = _url(name, edp, objects, key, extra=extra)
    for role in ROLES:
        _assert(client_as(role).get(url), role in allowed, role, f"{label} in {stage}")


ACTIONS = [
    ("move stage", "stage", None, {"action": "advance", "to_stage": "evaluation"}, COORD),
    (
        "add a fact",
        "facts",
        None,
        {"add": "1", "indicator": "GRP", "value": "1", "year": "2024", "source": "BNS"},
        COORD,
    ),
    ("contribute to SWOT", "swot", None, {"quadrant": "strength", "text": "Cheap hydropower"}, EDP_ROLES),
    ("curate SWOT", "swot_curate", "swot", {"status": "accepted", "quadrant": "strength"}, COORD),
    ("register for a meeting", "meeting_register", "future", {}, SIGNED_IN),
    ("withdraw someone's idea", "idea_withdraw", "idea", {}, NOBODY),
    ("submit someone's draft", "idea_submit", "draft", {}, NOBODY),
    ("invite", "roles", None, {"email": "new@example.kz", "role": "evaluator"}, COORD),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "name", "key", "data", "allowed"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_actions_in_foresight(client_as, edp, objects, role, label, name, key, data, allowed):
    response = client_as(role).post(_url(name, edp, objects, key), data)
    _assert(response, role in allowed, role, label)


@pytest.mark.parametrize("role", ROLES)
def test_swot_and_assets_are_closed_after_foresight(client_as, edp, objects, role):
    edp.stage = Stage.EVALUATION
    edp.save()
    client = client_as(role)
    _assert(client.post(_url("swot", edp, objects), {"quadrant": "threat", "text": "Brain drain"}), False, role, "swot")
    _assert(client.post(_url("asset_delete", edp, objects, "asset")), False, role, "delete asset")


@pytest.mark.parametrize("role", ROLES)
def test_attachments_are_served_only_to_authors_coordinators_and_evaluators(client_as, edp, objects, role):
    attachment = IdeaAttachmentFactory(idea=objects["idea"])
    url = _url("attachment", edp, objects, "idea", extra=[attachment.pk])
    response = client_as(role).get(url)
    _assert(response, role in {"coordinator", "evaluator"}, role, "attachment")
    if role in {"coordinator", "evaluator"}:
        assert response["Content-Disposition"].startswith("attachment")


def test_submitter_and_co_author_reach_their_files_and_drafts(client, edp, objects):
    co_author = UserFactory()
    objects["draft"].co_authors.add(co_author)
    attachment = IdeaAttachmentFactory(idea=objects["draft"])
    for person in (objects["author"], co_author):
        client.force_login(person)
        assert client.get(_url("idea", edp, objects, "draft")).status_code == 200
        assert client.get(_url("idea_edit", edp, objects, "draft")).status_code == 200
        assert client.get(_url("attachment", edp, objects, "draft", extra=[attachment.pk])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_full_text_shown_only_to_those_allowed(client_as, edp, objects, role):
    idea = objects["idea"]
    idea.activity = "SECRET-ACTIVITY-TEXT"
    idea.save()
    body = client_as(role).get(_url("idea", edp, objects, "idea")).content.decode()
    assert idea.summary in body
    assert ("SECRET-ACTIVITY-TEXT" in body) == (role in {"coordinator", "evaluator"})


def test_public_full_text_when_the_submitter_allows(client, edp, objects):
    idea = objects["idea"]
    idea.full_text_public = True
    idea.activity = "PUBLIC-ACTIVITY-TEXT"
    idea.save()
    assert "PUBLIC-ACTIVITY-TEXT" in client.get(_url("idea", edp, objects, "idea")).content.decode()


def test_other_regions_coordinator_has_no_power_here(client_as, edp, other_edp, objects, cast):
    """The coordinator of Kyzylorda's EDP can run their own, not Pavlodar's."""
    client = client_as("other_coordinator")
    assert client.get(reverse("edp:settings", args=[other_edp.slug])).status_code == 200
    for name in ("settings", "roles", "idea_manage"):
        assert client.get(reverse(f"edp:{name}", args=[edp.slug])).status_code == 403
    assert (
        client.post(reverse("edp:stage", args=[edp.slug]), {"action": "advance", "to_stage": "evaluation"}).status_code
        == 403
    )
