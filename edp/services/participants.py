"""What a person holds in EDPs, ended when their account is deleted."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import permcache

from ..models import EDPRole, Meeting, MeetingRegistration, RoleInvitation
from .meetings import registration_cancel
from .roles import invitation_revoke


@transaction.atomic
def participant_remove(*, user) -> None:
    """End ``user``'s part in every EDP (called by account deletion, see
    ``accounts.deletion``), keeping the record of what already happened:

    - every per-EDP role goes, the last coordinator's included: a deleted
      account can run nothing, and staff may appoint a new coordinator on
      the roles page (refusing the deletion would keep a person's data
      hostage to a role they no longer want);
    - seats and waitlist places at meetings that have not started are given
      up through ``registration_cancel``, so the freed seat goes to the first
      person waiting, who is told; past registrations stay, because the
      attendance counts by helix must keep telling the truth;
    - pending invitations sent to any of the person's addresses are
      withdrawn, so a link in an old inbox grants nothing.

    Must run before the person's addresses are wiped.
    """
    EDPRole.objects.filter(user=user).delete()
    permcache.forget(user)
    upcoming = (
        MeetingRegistration.objects.filter(
            user=user, meeting__status=Meeting.Status.SCHEDULED, meeting__starts_at__gt=timezone.now()
        )
        .exclude(status=MeetingRegistration.Status.CANCELLED)
        .order_by("meeting_id")
    )
    for registration in upcoming:
        registration_cancel(registration=registration, actor=user)
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    match = Q()
    for address in filter(None, addresses):
        match |= Q(email__iexact=address)
    if match:
        pending = RoleInvitation.objects.filter(match, accepted_at__isnull=True, revoked_at__isnull=True)
        for invitation in pending:
            invitation_revoke(invitation=invitation, actor=user)
