"""The inbox, bell, settings and unsubscribe pages: who may do what, escaping, query counts."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, Preference
from notifications.services import notification_emit
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.notifications import AnnouncementFactory
from tests.factories.stakeholders import MembershipFactory, region

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def make_role(name: str):
    """A person in each role the permission tables cover (None: anonymous)."""
    if name == "anonymous":
        return None
    if name == "citizen":
        return UserFactory()
    if name == "stakeholder":
        return MembershipFactory().user
    edp = EDPFactory() if name != "other_region_coordinator" else EDPFactory(region=region("kyzylorda"))
    role = {"evaluator": "evaluator", "moderator": "moderator"}.get(name, "coordinator")
    user = EDPRoleFactory(edp=edp, role=role).user
    if role == "coordinator":
        give_totp(user)  # coordinators must use two-factor authentication
    return user


ROLES = ["anonymous", "citizen", "stakeholder", "evaluator", "moderator", "coordinator", "other_region_coordinator"]


@pytest.fixture
def owned(residents):
    """A notification addressed to residents[0]."""
    event = notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    return Notification.objects.get(event=event, recipient=residents[0])


@pytest.mark.parametrize("role", ROLES)
def test_nobody_but_the_recipient_can_read_or_mark_a_notification(client, login, role, owned):
    person = make_role(role)
    if person is not None:
        login(person)
    for name in ("notifications:mark_read", "notifications:open"):
        response = client.post(reverse(name, args=[owned.pk]))
        if person is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404
    owned.refresh_from_db()
    assert owned.read_at is None
    if person is not None:
        # Their own inbox never lists it, and "mark all" leaves it alone.
        assert f"notification-{owned.pk}" not in client.get(reverse("notifications:inbox")).content.decode()
        client.post(reverse("notifications:mark_all_read"))
        owned.refresh_from_db()
        assert owned.read_at is None


@pytest.mark.parametrize("name", ["notifications:inbox", "notifications:bell", "notifications:preferences"])
def test_personal_pages_need_a_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_recipient_sees_marks_and_opens(client, login, owned):
    login(owned.recipient)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert f"notification-{owned.pk}" in page and "Mark as read" in page
    bell = client.get(reverse("notifications:bell")).content.decode()
    assert 'data-unread="1"' in bell

    response = client.post(reverse("notifications:mark_read", args=[owned.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    owned.refresh_from_db()
    assert owned.read_at is not None
    assert "data-unread" not in client.get(reverse("notifications:bell")).content.decode()

    response = client.post(reverse("notifications:open", args=[owned.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:announcement", args=[owned.event.target_id])


def test_mark_all_read_only_touches_my_own(client, login, residents):
    notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    login(residents[0])
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=residents[0], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=residents[1], read_at__isnull=True).count() == 2


def test_marking_needs_post(client, login, owned):
    login(owned.recipient)
    assert client.get(reverse("notifications:mark_read", args=[owned.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_user_text_is_escaped_in_the_inbox_and_the_email(client, login, residents, django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory(title_en=XSS, body_en=XSS)
    with django_capture_on_commit_callbacks(execute=True):
        notification_emit(event="notifications.announcement", target=announcement)
    login(residents[0])
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    html = next(m for m in mail.outbox if m.to == [residents[0].email]).alternatives[0][0]
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html


def test_inbox_queries_do_not_grow_with_rows(client, login, django_assert_max_num_queries):
    me = UserFactory(region=region())
    login(me)

    def fill(n):
        for _ in range(n):
            notification_emit(event="notifications.announcement", target=AnnouncementFactory())

    fill(3)
    client.get(reverse("notifications:inbox"))  # warm caches (content types, session)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("notifications:inbox")).status_code == 200
    fill(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    assert page.content.decode().count('class="list-group-item') == 20  # paginated


def test_preferences_are_saved_and_mandatory_ones_stay_on(client, login, test_events):
    me = UserFactory()
    login(me)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "I was invited to a role" in page and "it concerns your access and security" in page
    response = client.post(
        reverse("notifications:preferences"),
        {"notifications.announcement": "digest", "tests.invited": "off", "tests.broken": "off"},
    )
    assert response.status_code == 302
    prefs = dict(Preference.objects.filter(user=me).values_list("event", "mode"))
    assert prefs == {"notifications.announcement": "digest", "tests.broken": "off"}  # invitations: untouched


def test_a_bad_preference_value_is_reported_next_to_the_field(client, login):
    login(UserFactory())
    response = client.post(reverse("notifications:preferences"), {"notifications.announcement": "hourly"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert not Preference.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_publish_announcements(client, login, role):
    person = make_role(role)
    if person is not None:
        login(person)
    response = client.get(reverse("notifications:announcement_create"))
    assert response.status_code in (302, 403)


def test_staff_publish_an_announcement_and_see_progress(client, login, staff, residents):
    login(staff)
    response = client.post(
        reverse("notifications:announcement_create"),
        {"title_en": "Call for ideas", "body_en": "Open until May.", "region": region().pk},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Call for ideas" in page and "fan-out-bar" in page
    assert Notification.objects.filter(recipient__in=residents).count() == 3


def test_announcement_form_errors_are_next_to_the_field(client, login, staff):
    login(staff)
    response = client.post(reverse("notifications:announcement_create"), {"title_en": "", "body_en": ""})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
