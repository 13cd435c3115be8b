"""Per-EDP roles: granting, revoking and emailed invitations."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from core import permcache, permissions
from core.errors import DomainError

from ..models import EDP, EDPRole, RoleInvitation
from . import events

INVITATION_VALID_DAYS = 30


@transaction.atomic
def role_grant(*, edp: EDP, user, role: str, granted_by) -> EDPRole:
    granted, _created = EDPRole.objects.get_or_create(
        edp=edp, user=user, role=role, defaults={"granted_by": granted_by}
    )
    permcache.forget(user)
    return granted


@transaction.atomic
def role_revoke(*, role: EDPRole, actor) -> None:
    """Remove a role. The last coordinator cannot be removed: an EDP without
    one could never be moved, reopened or managed again."""
    if role.role == EDPRole.Role.COORDINATOR:
        coordinators = EDPRole.objects.select_for_update().filter(edp_id=role.edp_id, role=EDPRole.Role.COORDINATOR)
        if coordinators.count() <= 1:
            raise DomainError(
                gettext("An EDP needs at least one coordinator: invite another before removing this one.")
            )
    role.delete()
    permcache.forget(role.user)


def _send_invitation(invitation_id: int) -> None:
    invitation = RoleInvitation.objects.select_related("edp", "invited_by").get(pk=invitation_id)
    link = settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()
    context = {"invitation": invitation, "link": link}
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        subject = gettext("You are invited to take part in “%(edp)s”") % {"edp": invitation.edp.title}
        body = render_to_string("edp/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_create(*, edp: EDP, email: str, role: str, invited_by) -> RoleInvitation:
    """Invite someone by email. Re-inviting the same address to the same role
    replaces the pending invitation (a fresh link, a new deadline)."""
    email = email.strip().lower()
    if EDPRole.objects.filter(edp=edp, role=role, user__email__iexact=email).exists():
        raise DomainError(gettext("This person already has this role in this EDP."), field="email")
    RoleInvitation.objects.filter(
        edp=edp, email__iexact=email, role=role, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = RoleInvitation.objects.create(
        edp=edp,
        email=email,
        role=role,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    if EmailAddress.objects.filter(email__iexact=email, verified=True).exists():
        events.role_invited(invitation)
    else:
        # No account yet: the notifications service only reaches users, so
        # the invitation (whose link survives sign-up) is mailed directly.
        transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: RoleInvitation, actor) -> None:
    invitation = RoleInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(gettext("This invitation was already accepted: remove the role instead."))
    invitation.revoked_at = invitation.revoked_at or timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, invitation: RoleInvitation, user) -> EDPRole:
    """Grant the invited role (the rule ``edp.accept_invitation``: a pending
    invitation, accepted by a person whose verified address is the invited
    one, so a forwarded link is worthless to anyone else)."""
    invitation = RoleInvitation.objects.select_for_update(of=("self",)).select_related("edp").get(pk=invitation.pk)
    permissions.require(user, "edp.accept_invitation", invitation)
    role = role_grant(edp=invitation.edp, user=user, role=invitation.role, granted_by=invitation.invited_by)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return role
