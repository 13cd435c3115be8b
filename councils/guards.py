"""Guards the councils app adds to other modules' transitions
(``Module.transition_guards``, read by core.lifecycle)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from . import subjects


def plan_adoption_needs_answers(plan) -> str:
    """A plan version is not adopted while a public council's recommendation
    on it is unanswered, nor before an opinion the coordinators asked for is
    given (until the date it was due)."""
    from .models import Opinion

    opinions = (
        Opinion.objects.filter(
            subject_type=subjects.content_type(plan), subject_id=plan.pk, subject_version=plan.version
        )
        .select_related("council")
        .annotate(unanswered=Count("recommendations", filter=Q(recommendations__answer="")))
    )
    today = timezone.localdate()
    for opinion in opinions:
        if opinion.status == Opinion.Status.PUBLISHED and opinion.unanswered:
            return ngettext(
                "The public council “%(council)s” made a recommendation on this version that is not answered yet: "
                "answer it before adopting the plan.",
                "The public council “%(council)s” made %(n)s recommendations on this version that are not answered "
                "yet: answer each before adopting the plan.",
                opinion.unanswered,
            ) % {"council": opinion.council.name, "n": opinion.unanswered}
        if opinion.lifecycle.is_in(opinion, "editable") and opinion.due_on and opinion.due_on >= today:
            return gettext(
                "The public council “%(council)s” was asked for its opinion on this version by %(date)s: "
                "adopt the plan once it is given, or after that date."
            ) % {"council": opinion.council.name, "date": formats.date_format(opinion.due_on, "DATE_FORMAT")}
    return ""
