import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import MembershipFactory

ADMIN_PAGES = [
    ("accounts", "user"),
    ("stakeholders", "organisation"),
    ("stakeholders", "membership"),
    ("stakeholders", "region"),
    ("stakeholders", "district"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("app", "model"), ADMIN_PAGES)
def test_admin_pages_work_for_superusers_and_not_for_others(client, login, app, model):
    membership = MembershipFactory()
    citizen = UserFactory()
    login(citizen)
    # Sent to the admin login, which refuses a signed-in non-staff person.
    assert client.get(reverse(f"admin:{app}_{model}_changelist"), follow=True).status_code == 403
    login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
    obj = {"user": membership.user, "organisation": membership.organisation, "membership": membership}.get(model)
    if obj is not None:
        assert client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk])).status_code == 200
