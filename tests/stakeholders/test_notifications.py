import pytest
from django.core import mail

from notifications.models import Notification
from stakeholders import services
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import MembershipFactory

pytestmark = pytest.mark.django_db


def test_representatives_hear_of_a_join_request_and_the_person_hears_the_decision(
    org, people, django_capture_on_commit_callbacks
):
    second_rep = MembershipFactory(organisation=org, role="representative").user
    citizen = people["citizen"]
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_request(user=citizen, organisation=org)
    notified = set(
        Notification.objects.filter(event__key="stakeholders.membership_requested").values_list("recipient", flat=True)
    )
    assert notified == {people["representative"].pk, second_rep.pk}
    assert any(f"asks to join {org.name}" in m.subject for m in mail.outbox)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(actor=people["representative"], membership=membership, approve=True)
    assert Notification.objects.get(event__key="stakeholders.membership_decided").recipient == citizen
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert f"You are now a member of {org.name}" in mail.outbox[0].subject


def test_representatives_hear_of_verification(org, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_verify(actor=people["staff"], organisation=org, verified=False)
    assert [m.to for m in mail.outbox] == [[people["representative"].email]]
    assert "was refused" in mail.outbox[0].subject


def test_a_refused_request_notifies_nobody(org, people):
    membership = services.membership_request(user=UserFactory(), organisation=org)
    before = Notification.objects.count()
    with pytest.raises(services.DomainError):
        services.membership_decide(actor=people["member"], membership=membership, approve=True)
    assert Notification.objects.count() == before
