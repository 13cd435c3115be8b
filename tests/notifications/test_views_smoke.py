import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_render_for_a_signed_in_person(login, citizen):
    client = login(citizen)
    for name in ("notifications:inbox", "notifications:preferences", "notifications:bell"):
        assert client.get(reverse(name)).status_code == 200
    assert 'id="notification-bell"' in client.get(reverse("home")).content.decode()
