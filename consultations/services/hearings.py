"""Public hearings attached to a consultation (meetings of the ``edp`` app)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import permissions
from core.errors import DomainError
from edp.models import Meeting

from ..models import Consultation, HearingLink


def _require_coordinator(user, consultation: Consultation) -> None:
    permissions.require(user, "consultations.change_consultation", consultation)


@transaction.atomic
def hearing_attach(*, consultation: Consultation, actor, meeting: Meeting) -> HearingLink:
    """Attach a public hearing of the same EDP; its minutes join the record."""
    _require_coordinator(actor, consultation)
    if meeting.edp_id != consultation.edp_id:
        raise DomainError(_("Only meetings of this process can be attached."), field="meeting")
    if meeting.kind != Meeting.Kind.PUBLIC_HEARING:
        raise DomainError(_("Only public hearings can be attached to a consultation."), field="meeting")
    try:
        with transaction.atomic():
            return HearingLink.objects.create(consultation=consultation, meeting=meeting, added_by=actor)
    except IntegrityError:
        raise DomainError(_("This hearing is already attached."), field="meeting")


@transaction.atomic
def hearing_detach(*, link: HearingLink, actor) -> None:
    _require_coordinator(actor, link.consultation)
    link.delete()
