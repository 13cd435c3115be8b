"""Load-and-authorise for the registry's pages (the access seam, core.access).

Every object a URL names is looked up first (404 when there is none, or when
a join request belongs to another organisation than the one in the URL), then
the permission is checked on it: the anonymous are sent to sign in, the
signed-in told why they may not.
"""

from __future__ import annotations

from django.http import HttpRequest

from core import access

from . import selectors
from .models import Membership, Organisation


def organisation_for(request: HttpRequest, pk: int, perm: str | None = None) -> Organisation:
    return access.load(request, perm, selectors.organisation_detail, pk)


def join_request_for(
    request: HttpRequest, pk: int, membership_id: int, perm: str = "stakeholders.decide_membership"
) -> Membership:
    """A request to join the organisation ``pk`` (never another organisation's)."""
    organisation = organisation_for(request, pk)
    membership = access.fetch(selectors.organisation_join_request, organisation, membership_id)
    access.require(request, perm, organisation)
    return membership
