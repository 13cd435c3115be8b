"""Load what a consultations URL names, authorise, fail one way (core.access).

One function per object kind. An id that names nothing is a 404; a refusal
sends the anonymous to sign in and tells the signed-in why (the reason
declared in ``rules.py``). Objects other than consultations, items and
comments (answers, hearing links, blocks) are authorised on their
consultation, where the coordinators' and moderators' roles are read.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core import access, lifecycle
from edp.models import EDP
from edp.selectors import edp_get

from . import selectors
from .models import Answer, Comment, CommentingBlock, Consultation, ConsultationItem, HearingLink

VIEW = "consultations.view_consultation"


def edp_for(request: HttpRequest, slug: str, perm: str | None = None) -> EDP:
    """The process a consultation is opened in (or a list is filtered by)."""
    return access.load(request, perm, edp_get, slug)


def consultation_for(request: HttpRequest, pk: int, perm: str | None = VIEW) -> Consultation:
    return access.load(request, perm, selectors.consultation_get, pk)


def item_for(request: HttpRequest, pk: int, perm: str | None = VIEW, *, page: bool = True) -> ConsultationItem:
    """The item with what its page needs to know about the reader (their
    stance, and the facts its permissions read: see selectors.item_for_viewer)."""
    return access.load(request, perm, selectors.item_for_viewer, pk, request.user, page=page)


def item_to_edit(request: HttpRequest, pk: int, perm: str = "consultations.change_item") -> ConsultationItem:
    return access.load(request, perm, selectors.item_get, pk)


def comment_for(request: HttpRequest, pk: int, perm: str | None = VIEW) -> Comment:
    return access.load(request, perm, selectors.comment_get, pk)


def _on_consultation(request: HttpRequest, perm: str | None, loader: Any, pk: int) -> Any:
    obj = access.fetch(loader, pk)
    if perm is not None:
        access.require(request, perm, obj.consultation)
    return obj


def answer_for(request: HttpRequest, pk: int, perm: str | None = "consultations.answer_comments") -> Answer:
    return _on_consultation(request, perm, selectors.answer_get, pk)


def hearing_link_for(
    request: HttpRequest, pk: int, perm: str | None = "consultations.change_consultation"
) -> HearingLink:
    return _on_consultation(request, perm, selectors.hearing_link_get, pk)


def block_for(request: HttpRequest, pk: int, perm: str | None = "consultations.moderate") -> CommentingBlock:
    return _on_consultation(request, perm, selectors.block_get, pk)


def require_transition(request: HttpRequest, obj: Any, name: str) -> None:
    """Refuse unless the person may move ``obj`` along its lifecycle's
    transition ``name`` now (its state first, then who they are)."""
    decision = lifecycle.of(obj).can(obj, name, request.user)
    if not decision:
        access.refuse(request, decision.reason)
