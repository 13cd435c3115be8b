import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.models import EDP, EDPRole, EDPStage, RoleInvitation, StageTransition
from edp.workflow import STAGE_ORDER, Stage
from notifications.models import Notification
from stakeholders.choices import Helix, OrganisationKind
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPRoleFactory, RoleInvitationFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

pytestmark = pytest.mark.django_db


def test_invitation_link_survives_sign_up_and_email_confirmation(client, edp, django_capture_on_commit_callbacks):
    coordinator = EDPRoleFactory(edp=edp, role="coordinator").user
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            edp=edp, email="New.Evaluator@Example.kz", role="evaluator", invited_by=coordinator
        )
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    assert path == invitation.get_absolute_url()

    page = client.get(path)
    assert page.status_code == 200 and "Sign up" in page.content.decode()
    signup = client.post(
        reverse("account_signup") + "?next=" + path,
        {
            "email": "new.evaluator@example.kz",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "next": path,
        },
    )
    assert signup.status_code == 302
    confirm_link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    confirm_path = "/" + confirm_link.split("://", 1)[1].split("/", 1)[1]
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302 and confirmed.url == path
    accepted = client.post(path)
    assert accepted.status_code == 302
    assert EDPRole.objects.filter(edp=edp, user__email="new.evaluator@example.kz", role="evaluator").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_forwarded_link_is_worthless_to_someone_else(client, edp):
    invitation = RoleInvitationFactory(edp=edp, email="right@example.kz")
    stranger = UserFactory(email="wrong@example.kz")
    client.force_login(stranger)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 200 and "sent to right@example.kz" in response.content.decode()
    assert not EDPRole.objects.filter(user=stranger).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revoked_at": timezone.now()}, "withdrawn"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expired"),
        ({"accepted_at": timezone.now()}, "already been accepted"),
    ],
)
def test_revoked_expired_or_used_invitations_are_refused(edp, change, message):
    person = UserFactory(email="invitee@example.kz")
    invitation = RoleInvitationFactory(edp=edp, email="invitee@example.kz", **change)
    with pytest.raises(DomainError, match=message):
        services.invitation_accept(invitation=invitation, user=person)


def test_existing_user_is_told_in_app_and_not_mailed_twice(edp, django_capture_on_commit_callbacks):
    person = UserFactory()
    coordinator = EDPRoleFactory(edp=edp, role="coordinator").user
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(edp=edp, email=person.email, role="moderator", invited_by=coordinator)
    assert Notification.objects.filter(recipient=person, event__key="edp.role_invitation").exists()
    assert len([m for m in mail.outbox if person.email in m.to]) <= 1


def test_reinviting_replaces_the_pending_invitation_and_role_holders_are_refused(edp):
    coordinator = EDPRoleFactory(edp=edp, role="coordinator").user
    first = services.invitation_create(edp=edp, email="x@example.kz", role="evaluator", invited_by=coordinator)
    second = services.invitation_create(edp=edp, email="x@example.kz", role="evaluator", invited_by=coordinator)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.is_pending
    with pytest.raises(DomainError, match="already has this role"):
        services.invitation_create(edp=edp, email=coordinator.email, role="coordinator", invited_by=coordinator)


def test_last_coordinator_cannot_be_removed(edp):
    role = EDPRoleFactory(edp=edp, role="coordinator")
    with pytest.raises(DomainError, match="at least one coordinator"):
        services.role_revoke(role=role, actor=role.user)
    EDPRoleFactory(edp=edp, role="coordinator")
    services.role_revoke(role=role, actor=role.user)
    assert not EDPRole.objects.filter(pk=role.pk).exists()


def test_coordinator_revokes_roles_and_invitations_only_in_their_edp(client_as, edp, other_edp, cast):
    client = client_as("coordinator")
    evaluator_role = EDPRole.objects.get(edp=edp, user=cast["evaluator"])
    assert client.post(reverse("edp:role_revoke", args=[edp.slug, evaluator_role.pk])).status_code == 302
    assert not EDPRole.objects.filter(pk=evaluator_role.pk).exists()
    foreign_role = EDPRoleFactory(edp=other_edp, role="evaluator")
    # Through their own EDP's URL the id of another EDP's role is not found...
    assert client.post(reverse("edp:role_revoke", args=[edp.slug, foreign_role.pk])).status_code == 404
    # ...and through the other EDP's URL they are refused.
    assert client.post(reverse("edp:role_revoke", args=[other_edp.slug, foreign_role.pk])).status_code == 403
    assert EDPRole.objects.filter(pk=foreign_role.pk).exists()
    invitation = RoleInvitationFactory(edp=edp)
    assert client.post(reverse("edp:invitation_revoke", args=[edp.slug, invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_akimat_staff_create_an_edp_and_become_its_coordinator(client):
    kyzylorda = region("kyzylorda")
    akimat = OrganisationFactory(helix=Helix.GOVERNMENT, kind=OrganisationKind.AKIMAT, region=kyzylorda)
    person = UserFactory()
    MembershipFactory(user=person, organisation=akimat)
    give_totp(person)
    client.force_login(person)
    assert client.get(reverse("edp:create")).status_code == 200
    response = client.post(
        reverse("edp:create"),
        {
            "region": kyzylorda.pk,
            "owner": akimat.pk,
            "title": "Kyzylorda EDP",
            "slug": "kyzylorda-2026",
            "period_start": 2026,
            "period_end": 2030,
        },
    )
    assert response.status_code == 302
    edp = EDP.objects.get(slug="kyzylorda-2026")
    assert edp.stage == Stage.PREPARATION
    assert EDPRole.objects.filter(edp=edp, user=person, role="coordinator").exists()
    assert EDPStage.objects.filter(edp=edp).count() == len(STAGE_ORDER)
    assert StageTransition.objects.filter(edp=edp, to_stage=Stage.PREPARATION).exists()
    # The same region cannot run two overlapping processes.
    clash = client.post(
        reverse("edp:create"),
        {
            "region": kyzylorda.pk,
            "owner": akimat.pk,
            "title": "Again",
            "slug": "kyzylorda-again",
            "period_start": 2028,
            "period_end": 2032,
        },
    )
    assert clash.status_code == 200 and "already runs" in clash.content.decode()


@pytest.mark.parametrize("who", ["citizen", "stakeholder", "coordinator"])
def test_others_cannot_create_an_edp(client_as, who):
    assert client_as(who).get(reverse("edp:create")).status_code == 403


def test_owner_must_be_the_regions_akimat(staff):
    pavlodar = region("pavlodar")
    sme = OrganisationFactory()
    with pytest.raises(DomainError) as caught:
        services.edp_create(
            actor=staff, region=pavlodar, owner=sme, title="x", slug="x", period_start=2026, period_end=2030
        )
    assert caught.value.field == "owner"


def test_stage_move_through_the_page_records_the_timeline(client_as, edp, cast, edp_preconditions_only):
    from tests.factories.edp import IdeaFactory

    client = client_as("coordinator")
    refused = client.post(
        reverse("edp:stage", args=[edp.slug]), {"action": "advance", "to_stage": "evaluation"}, follow=True
    )
    assert "Cannot start idea evaluation: no submitted ideas" in refused.content.decode()
    IdeaFactory(edp=edp, submitted=True)
    client.post(
        reverse("edp:stage", args=[edp.slug]), {"action": "advance", "to_stage": "evaluation", "reason": "Call closed"}
    )
    edp.refresh_from_db()
    assert edp.stage == Stage.EVALUATION
    reopen = client.post(
        reverse("edp:stage", args=[edp.slug]),
        {"action": "reopen", "to_stage": "foresight", "reason": "Ekibastuz firms asked for two more weeks"},
    )
    assert reopen.status_code == 302
    page = client_as("anonymous").get(edp.get_absolute_url()).content.decode()
    assert "Ekibastuz firms asked for two more weeks" in page and "Reopened" in page
    assert Notification.objects.filter(event__key="edp.stage_opened").exists()


def test_invitation_form_errors_next_to_the_field(client_as, edp):
    response = client_as("coordinator").post(
        reverse("edp:roles", args=[edp.slug]), {"email": "not-an-email", "role": "evaluator"}
    )
    assert response.status_code == 200 and "Enter a valid email address" in response.content.decode()
    assert RoleInvitation.objects.count() == 0
