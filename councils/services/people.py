"""What the councils app does when a person deletes their account
(``Module.delete_person``, called inside the deletion's transaction)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from ..models import CommissionSeat, Council, CouncilFollower, CouncilMember, Volunteer
from .councils import member_leave


@transaction.atomic
def person_depart(*, user) -> None:
    """End what the person holds: seats (kept for their side, as any
    departure), the secretariat, commission seats of calls still open to
    change, follows. Their place in a pool not yet frozen goes; in a frozen
    (published) pool the pseudonymised row stays, as drawn, but no longer
    points at them, and what they wrote there goes."""
    for member in CouncilMember.objects.filter(user=user, status=CouncilMember.Status.ACTIVE):
        member_leave(member=member, actor=None, reason=gettext("Left the platform"))
    Council.objects.filter(secretary=user).update(secretary=None)
    CommissionSeat.objects.filter(user=user, call__beacon_recorded_at__isnull=True).delete()
    Volunteer.objects.filter(user=user, pseudonym="").delete()
    Volunteer.objects.filter(user=user).update(user=None, organisation=None, motivation="")
    CouncilFollower.objects.filter(user=user).delete()
