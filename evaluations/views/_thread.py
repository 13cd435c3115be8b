"""Posting in the consensus discussion, shared by the coordinator's and the
evaluator's pages: refusals (the service gives the reason) become messages."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import DomainError

from .. import services
from ..forms import ConsensusForm


def post_to_thread(request: HttpRequest, edp, idea_id: int) -> None:
    form = ConsensusForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Write a message."))
        services.consensus_post(actor=request.user, edp=edp, idea_id=idea_id, body=form.cleaned_data["body"])
    except DomainError as exc:
        messages.error(request, exc.message)
