"""Load-and-authorise for the EDP pages: one function per kind of object a URL
names (the access seam, core.access).

Every object is looked up inside the EDP of the URL — an id of another EDP's
idea, meeting or asset is a 404 like an id that does not exist — and only
then is the permission checked, so the answer to "is there such a thing
here?" never depends on who asks. A refusal is a ``PermissionDenied`` with
the permission's reason: the anonymous are sent to sign in, the signed-in
see why.
"""

from __future__ import annotations

from django.http import HttpRequest

from core import access

from . import selectors
from .models import EDP, EDPRole, Idea, IdeaAttachment, Meeting, RegionalAsset, RoleInvitation, SWOTEntry


def edp_for(request: HttpRequest, slug: str, perm: str | None = "edp.view_edp") -> EDP:
    return access.load(request, perm, selectors.edp_get, slug)


def idea_for(request: HttpRequest, slug: str, pk: int, perm: str | None = "edp.view_idea") -> Idea:
    edp = edp_for(request, slug, perm=None)
    return access.load(request, perm, selectors.idea_detail, edp, pk)


def attachment_for(
    request: HttpRequest, slug: str, pk: int, attachment_pk: int, perm: str = "edp.view_idea_files"
) -> IdeaAttachment:
    """An attachment of the idea in the URL; ``perm`` is asked of the idea."""
    idea = idea_for(request, slug, pk, perm=None)
    attachment = access.fetch(selectors.attachment_get, idea, attachment_pk)
    access.require(request, perm, idea)
    return attachment


def meeting_for(request: HttpRequest, slug: str, pk: int, perm: str | None = None) -> Meeting:
    edp = edp_for(request, slug, perm=None)
    return access.load(request, perm, selectors.meeting_detail, edp, pk)


def asset_for(request: HttpRequest, slug: str, pk: int, perm: str = "edp.edit_evidence") -> RegionalAsset:
    edp = edp_for(request, slug, perm=None)
    return access.load(request, perm, selectors.asset_get, edp, pk)


def swot_entry_for(request: HttpRequest, slug: str, pk: int, perm: str = "edp.curate_swot") -> SWOTEntry:
    edp = edp_for(request, slug, perm=None)
    return access.load(request, perm, selectors.swot_entry_get, edp, pk)


def role_for(request: HttpRequest, slug: str, role_pk: int, perm: str = "edp.manage_roles") -> EDPRole:
    edp = edp_for(request, slug, perm=None)
    return access.load(request, perm, selectors.edp_role_get, edp, role_pk)


def invitation_for(
    request: HttpRequest, slug: str, invitation_pk: int, perm: str = "edp.manage_roles"
) -> RoleInvitation:
    edp = edp_for(request, slug, perm=None)
    return access.load(request, perm, selectors.invitation_get, edp, invitation_pk)


def invitation_by_token(request: HttpRequest, token: str) -> RoleInvitation:
    """The invitation an emailed link names. Anyone holding the link may read
    it (it says who invites whom to what); accepting is ``edp.accept_invitation``."""
    return access.fetch(selectors.invitation_by_token, token)
