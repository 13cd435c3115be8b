import pytest
from django.utils.translation import gettext

from accounts.models import User
from notifications import registry
from notifications.registry import EventType, Message
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import region


class RoleInvitation(EventType):
    """A mandatory, single-recipient event like the ones other apps register."""

    key = "tests.invited"
    label = "I was invited to a role"
    mandatory = True

    def recipients(self, target, **context):
        return User.objects.filter(pk=context["invitee"].pk)

    def render(self, target, recipient, **context):
        return Message(subject=gettext("Notifications") + f": {context['role']}", body=target.title, url="/edp/")


class Broken(EventType):
    key = "tests.broken"
    label = "A strategy that fails to render"

    def recipients(self, target, **context):
        return User.objects.filter(pk=context["who"])

    def render(self, target, recipient, **context):
        raise RuntimeError("template bug")


@pytest.fixture
def test_events():
    for cls in (RoleInvitation, Broken):
        registry.register(cls)
    yield
    for cls in (RoleInvitation, Broken):
        registry._registry.pop(cls.key, None)


@pytest.fixture
def residents(db):
    """Three Pavlodar residents with verified emails, one per language."""
    pavlodar = region()
    return [
        UserFactory(region=pavlodar, preferred_language=lang, email=f"resident-{lang}@example.kz")
        for lang in ("en", "ru", "kk")
    ]
