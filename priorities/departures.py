"""Steering committee seats of a person whose account is deleted."""

from django.db import transaction

from . import services
from .models import SteeringCommitteeMember


@transaction.atomic
def steering_seats_release(*, user) -> int:
    """Give up every steering committee seat of ``user`` (called by account
    deletion, see ``accounts.deletion``): a deleted account has no vote.
    Votes already cast stay, like every other contribution. Returns how
    many seats were given up."""
    seats = list(SteeringCommitteeMember.objects.filter(user=user).order_by("pk"))
    for seat in seats:
        services.steering_committee_member_remove(member=seat, actor=user)
    return len(seats)
