"""The access seam of the notifications app: ids that name nothing (or
someone else's notification) are a 404; a notification is always somebody's,
so the anonymous are asked to sign in first; a refusal says why."""

import pytest
from django.urls import URLPattern, reverse

from notifications.urls import urlpatterns
from tests.factories.notifications import AnnouncementFactory

pytestmark = pytest.mark.django_db

SIGN_IN_FIRST = {"mark_read", "open"}


def _id_urls():
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        if "pk" in pattern.pattern.converters:
            yield pattern.name, reverse(f"notifications:{pattern.name}", kwargs={"pk": 987654})


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff"])
def test_unknown_ids_are_404_on_every_url(client, login, citizen, staff, role):
    person = {"anonymous": None, "citizen": citizen, "staff": staff}[role]
    if person is not None:
        login(person)
    urls = list(_id_urls())
    assert {name for name, _url in urls} == {"mark_read", "open", "announcement", "announcement_progress"}
    for name, url in urls:
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        if person is None and name in SIGN_IN_FIRST:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name
        else:
            assert response.status_code == 404, name


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff"])
def test_announcement_progress_is_for_staff_and_says_why(client, login, citizen, staff, role):
    announcement = AnnouncementFactory()
    person = {"anonymous": None, "citizen": citizen, "staff": staff}[role]
    if person is not None:
        login(person)
    url = reverse("notifications:announcement_progress", args=[announcement.pk])
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    elif role == "citizen":
        assert response.status_code == 403
        assert "Only platform staff publish announcements" in response.content.decode()
    else:
        assert response.status_code == 200
    create = client.get(reverse("notifications:announcement_create"))
    assert create.status_code == {"anonymous": 302, "citizen": 403, "staff": 200}[role]
