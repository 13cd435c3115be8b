"""Conditions this app owns for entering a stage (registered with
edp.workflow in apps.ready). Messages follow "Cannot start <stage>: ".

Priority selection weighs what people said about the candidate
specialisations, so their consultation must have closed: stances and
comments are final then. Its report need not be published yet: the
coordinator may write it while priority selection runs (the priorities'
evidence panels read the stances and comments, not the report).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext

from .models import Consultation, ConsultationState


def priority_selection_needs_closed_consultation(edp) -> list[str]:
    candidate_type = ContentType.objects.get_for_model(apps.get_model("evaluations", "CandidateSpecialisation"))
    consultations = list(
        Consultation.objects.filter(edp=edp, items__source_type=candidate_type).distinct().order_by("closes_at")
    )
    if not consultations:
        return [gettext("the candidate specialisations have not been put to a public consultation")]
    if any(c.is_closed for c in consultations):
        return []
    closing = min(consultations, key=lambda c: c.effective_closes_at)
    closes = formats.date_format(timezone.localtime(closing.effective_closes_at), "j F")
    if Consultation.lifecycle.is_in(closing, ConsultationState.SCHEDULED):
        return [
            gettext(
                "the consultation “%(title)s” on the candidate specialisations opens on %(opens)s and runs until %(date)s"
            )
            % {
                "title": closing.title,
                "opens": formats.date_format(timezone.localtime(closing.opens_at), "j F"),
                "date": closes,
            }
        ]
    return [
        gettext("the consultation “%(title)s” on the candidate specialisations is still running until %(date)s")
        % {"title": closing.title, "date": closes}
    ]
