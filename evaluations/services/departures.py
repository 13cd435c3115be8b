"""Assignments of an evaluator whose account is deleted."""

from django.db import transaction
from django.utils.translation import gettext as _

from edp.models import EDP

from ..models import Assignment
from .assignments import _release
from .criteria import locked_settings


@transaction.atomic
def assignments_release_for_departed(*, user) -> int:
    """Release every active assignment of ``user`` not yet submitted (called
    by account deletion, see ``accounts.deletion``), so the coordinator's
    automatic assignment gives those ideas to someone else. Submitted
    evaluations stay: their scores count and the record must not change
    after the fact. Each EDP's settings row is locked first, as every
    assignment write does. Returns how many were released."""
    released = 0
    edp_ids = (
        Assignment.objects.filter(evaluator=user, status=Assignment.Status.ACTIVE)
        .values_list("edp_id", flat=True)
        .distinct()
    )
    for edp in EDP.objects.filter(pk__in=list(edp_ids)).order_by("pk"):
        locked_settings(edp)
        active = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("evaluation")
            .filter(edp=edp, evaluator=user, status=Assignment.Status.ACTIVE)
        )
        for assignment in active:
            if hasattr(assignment, "evaluation") and assignment.evaluation.is_submitted:
                continue
            _release(assignment, _("The evaluator deleted their account."))
            released += 1
    return released
