"""The EDP app on the access seam: refusals say why (the call for ideas is
closed and since when, the address is not confirmed...), ids from elsewhere
are 404 on every EDP URL, the idea lifecycle refuses illegal moves with its
reason, and nothing is cached on the user object."""

from datetime import datetime, timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from icalendar import Calendar

from core import permcache, permissions
from core.errors import DomainError
from edp import services
from edp.calendar import meeting_ics
from edp.models import EDPRole, EDPStage, Idea
from edp.workflow import Stage, call_for_ideas
from tests.factories.accounts import UserFactory
from tests.factories.edp import (
    EDPRoleFactory,
    IdeaAttachmentFactory,
    IdeaFactory,
    MeetingFactory,
    MeetingRegistrationFactory,
    RegionalAssetFactory,
    RoleInvitationFactory,
    SWOTEntryFactory,
)

from .conftest import make_edp

pytestmark = pytest.mark.django_db


def _forbidden_reason(response) -> str:
    assert response.status_code == 403, response.status_code
    return str(response.context["reason"])


# --- The call for ideas says why it is not open ---------------------------------------


def test_a_closed_call_says_it_is_closed_and_since_when(client, edp):
    EDPStage.objects.filter(edp=edp, stage=Stage.FORESIGHT).update(
        closed_at=timezone.make_aware(datetime(2026, 3, 3, 12))
    )
    edp.stage = Stage.EVALUATION
    edp.save()
    client.force_login(UserFactory())
    reason = _forbidden_reason(client.get(reverse("edp:idea_create", args=[edp.slug])))
    assert reason == "The call for ideas closed on 3 March 2026."
    assert "does not have the role" not in client.get(reverse("edp:idea_create", args=[edp.slug])).content.decode()
    # The list of ideas says the same instead of offering the form.
    page = client.get(reverse("edp:ideas", args=[edp.slug])).content.decode()
    assert "The call for ideas closed on 3 March 2026." in page
    assert reverse("edp:idea_create", args=[edp.slug]) not in page


def test_a_passed_deadline_in_foresight_is_the_date_shown(client, edp):
    edp.ideas_close_at = timezone.make_aware(datetime(2026, 2, 1, 18))
    edp.save()
    client.force_login(UserFactory())
    assert (
        _forbidden_reason(client.get(reverse("edp:idea_create", args=[edp.slug])))
        == "The call for ideas closed on 1 February 2026."
    )


def test_before_foresight_the_call_has_not_opened_yet(client):
    edp = make_edp(Stage.PREPARATION)
    client.force_login(UserFactory())
    reason = _forbidden_reason(client.get(reverse("edp:idea_create", args=[edp.slug])))
    assert reason == "The call for ideas has not opened yet: it opens with the stage “Technological foresight”."


def test_the_service_gives_the_same_reason_as_the_page(edp):
    edp.ideas_close_at = timezone.now() - timedelta(hours=1)
    edp.save()
    with pytest.raises(DomainError) as caught:
        services.idea_save(edp=edp, author=UserFactory(), title="Late", summary="s", activity="a")
    assert caught.value.message == call_for_ideas(edp).reason


def test_the_reason_is_in_the_persons_language(client, edp):
    edp.stage = Stage.CONSULTATION
    edp.save()
    EDPStage.objects.filter(edp=edp, stage=Stage.FORESIGHT).update(
        closed_at=timezone.make_aware(datetime(2026, 3, 3, 12))
    )
    client.force_login(UserFactory(preferred_language="ru"))
    reason = _forbidden_reason(client.get(reverse("edp:idea_create", args=[edp.slug])))
    assert "2026" in reason and "closed" not in reason


# --- An unconfirmed address is told to confirm it ----------------------------------------


def test_an_unverified_address_is_asked_to_confirm_it(client, edp):
    client.force_login(UserFactory(verified=False))
    reason = _forbidden_reason(client.get(reverse("edp:idea_create", args=[edp.slug])))
    assert reason.startswith("Confirm your email address")
    meeting = MeetingFactory(edp=edp)
    response = client.post(reverse("edp:meeting_register", args=[edp.slug, meeting.pk]))
    assert _forbidden_reason(response).startswith("Confirm your email address")
    # The meeting page says so instead of offering a form that would be refused.
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Confirm your email address" in page
    assert reverse("edp:meeting_register", args=[edp.slug, meeting.pk]) not in page


def test_the_swot_board_says_who_fills_it(client, edp):
    client.force_login(UserFactory())
    page = client.get(reverse("edp:swot", args=[edp.slug])).content.decode()
    assert "register for a meeting to add entries" in page
    response = client.post(reverse("edp:swot", args=[edp.slug]), {"quadrant": "threat", "text": "Brain drain"})
    assert "register for a meeting" in _forbidden_reason(response)


def test_a_started_or_cancelled_meeting_says_so(client, edp):
    client.force_login(UserFactory())
    past = MeetingFactory(edp=edp, starts_at=timezone.now() - timedelta(hours=2))
    response = client.post(reverse("edp:meeting_register", args=[edp.slug, past.pk]))
    assert _forbidden_reason(response) == "This meeting has already started; registration is closed."
    coordinator = EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user
    meeting = MeetingFactory(edp=edp)
    services.meeting_cancel(meeting=meeting, actor=coordinator, reason="Flooded")
    response = client.post(reverse("edp:meeting_register", args=[edp.slug, meeting.pk]))
    assert _forbidden_reason(response) == "This meeting was cancelled."


def test_anonymous_refusals_send_to_sign_in_and_back(client, edp):
    url = reverse("edp:idea_create", args=[edp.slug])
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"{reverse('account_login')}?next={url}"
    htmx = client.post(url, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(reverse("account_login"))


# --- Ids from elsewhere are 404 on every EDP URL -----------------------------------------

# The object each argument names, by the path segment before ``pk``.
_KIND = {"assets": "asset", "swot": "swot", "meetings": "meeting", "ideas": "idea"}
_BY_NAME = {"role_pk": "role", "invitation_pk": "invitation", "attachment_pk": "attachment"}


def _objects(edp):
    idea = IdeaFactory(edp=edp, submitted=True)
    return {
        "asset": RegionalAssetFactory(edp=edp),
        "swot": SWOTEntryFactory(edp=edp),
        "meeting": MeetingFactory(edp=edp),
        "idea": idea,
        "attachment": IdeaAttachmentFactory(idea=idea),
        "role": EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR),
        "invitation": RoleInvitationFactory(edp=edp),
    }


def _edp_urls_with_ids():
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "edp":
            continue
        for p in pattern.url_patterns:
            assert isinstance(p, URLPattern)
            route = str(p.pattern)
            names = [n for n in p.pattern.regex.groupindex if n not in ("slug", "fmt", "token")]
            if not names:
                continue
            keys = []
            for name in names:
                if name == "pk":
                    segment = route.split("/")[route.split("/").index("<int:pk>") - 1]
                    keys.append((name, _KIND[segment]))
                else:
                    keys.append((name, _BY_NAME[name]))
            yield p.name, keys


def test_every_edp_url_with_an_id_is_404_for_unknown_and_other_edps_ids(client, edp, other_edp, cast):
    here, there = _objects(edp), _objects(other_edp)
    client.force_login(cast["coordinator"])  # may do everything here: only the id can refuse
    cases = list(_edp_urls_with_ids())
    assert len(cases) >= 18
    problems = []
    for name, keys in cases:
        for swapped, _key in keys:
            for label, value in (
                ("other EDP's", lambda key: there[key].pk),
                ("unknown", lambda key: 987654),
            ):
                kwargs = {"slug": edp.slug}
                for arg, key in keys:
                    kwargs[arg] = value(key) if arg == swapped else here[key].pk
                url = reverse(f"edp:{name}", kwargs=kwargs)
                response = client.get(url)
                if response.status_code == 405:
                    response = client.post(url, {})
                if response.status_code != 404:
                    problems.append(f"{name} with an {label} {swapped}: {response.status_code}")
    assert not problems, problems
    assert EDPRole.objects.filter(pk=there["role"].pk).exists()  # nothing happened over there


def test_an_unknown_edp_is_404_even_for_the_anonymous(client):
    assert client.get(reverse("edp:idea_create", args=["no-such-process"])).status_code == 404
    assert client.get(reverse("edp:idea", args=["no-such-process", 1])).status_code == 404


# --- The idea lifecycle refuses illegal moves with its reason ----------------------------


def test_the_idea_lifecycle_refuses_illegal_moves(edp):
    author = UserFactory()
    idea = IdeaFactory(edp=edp, submitter=author, summary="")
    cases = [
        ("withdraw", author, "Only a submitted idea can be withdrawn."),
        ("resubmit", author, "Only a draft or a withdrawn idea can be submitted."),
        ("submit", author, "Complete the summary before submitting."),
    ]
    for transition, actor, reason in cases:
        assert Idea.lifecycle.refusal(idea, transition, actor) == reason
    idea.summary = "Bricks from dross."
    idea.save()
    stranger = UserFactory()
    assert Idea.lifecycle.refusal(idea, "submit", stranger) == "Only the person who submitted this idea can do this."
    with pytest.raises(DomainError, match="Only the person who submitted this idea"):
        services.idea_submit(idea=idea, actor=stranger)
    assert [t.name for t in Idea.lifecycle.available(idea, author)] == ["submit"]
    services.idea_submit(idea=idea, actor=author)
    idea.refresh_from_db()
    assert Idea.lifecycle.is_in(idea, "public") and idea.submitted_at
    with pytest.raises(DomainError, match="Only a draft or a withdrawn idea can be submitted."):
        services.idea_submit(idea=idea, actor=author)
    assert [t.name for t in Idea.lifecycle.available(idea, author)] == ["withdraw"]
    services.idea_withdraw(idea=idea, actor=author)
    idea.refresh_from_db()
    assert Idea.lifecycle.next_states(idea, author) == [Idea.Status.SUBMITTED]
    # Once evaluation has started nothing moves, and the reason says why.
    edp.stage = Stage.EVALUATION
    edp.save()
    idea.refresh_from_db()
    assert Idea.lifecycle.available(idea, author) == []
    with pytest.raises(DomainError, match="The call for ideas"):
        services.idea_submit(idea=idea, actor=author)


def test_withdrawing_after_evaluation_started_says_so(client, edp):
    idea = IdeaFactory(edp=edp, submitted=True)
    edp.stage = Stage.EVALUATION
    edp.save()
    client.force_login(idea.submitter)
    response = client.post(reverse("edp:idea_withdraw", args=[edp.slug, idea.pk]))
    assert _forbidden_reason(response) == "Ideas can no longer be withdrawn: idea evaluation has started."
    page = client.get(idea.get_absolute_url()).content.decode()
    assert reverse("edp:idea_withdraw", args=[edp.slug, idea.pk]) not in page


def test_the_idea_page_tells_its_author_why_nothing_can_change(client, edp):
    idea = IdeaFactory(edp=edp, submitted=True)
    edp.ideas_close_at = timezone.make_aware(datetime(2026, 2, 1, 18))
    edp.save()
    client.force_login(idea.submitter)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "The call for ideas closed on 1 February 2026." in page


# --- One per-request cache, nothing on the user object -----------------------------------


def test_permission_checks_leave_nothing_on_the_user_object(client, edp):
    person = UserFactory()
    MeetingRegistrationFactory(meeting=MeetingFactory(edp=edp), user=person)
    before = set(vars(person))
    idea = IdeaFactory(edp=edp, submitted=True)
    for name, obj in [
        ("edp.contribute_swot", edp),
        ("edp.view_idea", idea),
        ("edp.change_idea", idea),
        ("edp.manage_ideas", edp),
        ("stakeholders.add_organisation", None),
        ("stakeholders.verify_organisation", None),
    ]:
        permissions.check(person, name, obj)
    assert set(vars(person)) - before == set()
    # The facts are cached: asking again reads nothing.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        permissions.check(person, "edp.contribute_swot", edp)
        permissions.check(person, "edp.manage_ideas", edp)
    assert len(queries) == 0


def test_a_granted_role_counts_at_once(edp):
    person = UserFactory()
    assert not permissions.check(person, "edp.manage_ideas", edp)
    services.role_grant(edp=edp, user=person, role=EDPRole.Role.COORDINATOR, granted_by=None)
    assert permissions.check(person, "edp.manage_ideas", edp)
    EDPRole.objects.filter(user=person).delete()
    assert permissions.check(person, "edp.manage_ideas", edp)  # still what this request read
    permcache.forget(person)
    assert not permissions.check(person, "edp.manage_ideas", edp)


# --- iCalendar: text from people cannot add properties (issue 13, item 11) ---------------


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_a_line_break_in_a_title_or_venue_cannot_inject_a_property(edp, newline):
    meeting = MeetingFactory(
        edp=edp,
        title=f"Workshop{newline}ATTENDEE:mailto:attacker@example.com",
        venue=f"Akimat{newline}X-INJECTED:1{newline}END:VEVENT",
        description=f"Agenda{newline}BEGIN:VALARM",
    )
    body = meeting_ics(meeting)
    lines = body.split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "X-INJECTED", "BEGIN:VALARM")) for line in lines)
    assert lines.count("END:VEVENT") == 1
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert "attacker@example.com" in str(event["SUMMARY"]) and "ATTENDEE" not in event
    assert str(event["LOCATION"]).startswith("Akimat") and "X-INJECTED" not in event


def test_the_calendar_file_carries_the_meeting(edp):
    meeting = MeetingFactory(edp=edp, title="Roundtable; metals, energy")
    event = Calendar.from_ical(meeting_ics(meeting)).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Roundtable; metals, energy"
    assert event.decoded("DTSTART") == meeting.starts_at.replace(microsecond=0)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_lazy_request_user_and_the_user_behind_it_share_their_facts(edp):
    """``request.user`` is a lazy proxy; ``user.has_perm`` runs on the object
    behind it. One read serves both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.functional import SimpleLazyObject

    person = UserFactory()
    lazy = SimpleLazyObject(lambda: person)
    assert not permissions.check(lazy, "edp.contribute_swot", edp)
    with CaptureQueriesContext(connection) as queries:
        assert not person.has_perm("edp.contribute_swot", edp)
    assert len(queries) == 0
