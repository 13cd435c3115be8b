"""Load and authorise what a priorities URL names (``core.access``): one
function per kind of object. Unknown ids, and ids of another EDP, are not
found (404); a refusal says why (403), or sends the anonymous to sign in."""

from django.http import HttpRequest

from core import access
from edp.models import EDP

from . import selectors
from .models import CandidatePriority, SteeringCommitteeMember


def edp_for(request: HttpRequest, slug: str, perm: str | None = "priorities.view_selection") -> EDP:
    return access.load(request, perm, selectors.edp_by_slug, slug)


def candidate_for(request: HttpRequest, pk: int, perm: str = "priorities.view_selection") -> CandidatePriority:
    return access.load(request, perm, selectors.candidate_get, pk)


def steering_member_for(request: HttpRequest, slug: str, member_pk: int) -> SteeringCommitteeMember:
    edp = edp_for(request, slug, None)
    return access.load_in(request, "priorities.manage_selection", edp, selectors.steering_member, member_pk)
