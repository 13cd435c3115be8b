from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, Tab
from edp.workflow import Stage


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Idea evaluation")
    declares = Module(
        order=30,
        # Evaluation is not public business: only its coordinators and
        # evaluators see a tab (evaluations.navigation).
        tabs=(Tab(order=70, provider="evaluations.navigation.edp_tabs"),),
        api="evaluations.api.register",
        demo="evaluations.demo.load",
        notification_events="evaluations.notification_events",
        delete_person="evaluations.services.departures.assignments_release_for_departed",
        preconditions={
            Stage.EVALUATION: ("evaluations.preconditions.evaluation_needs_criteria_and_panel",),
            Stage.CONSULTATION: ("evaluations.preconditions.consultation_needs_candidates_and_decisions",),
        },
        idea_guards=("evaluations.preconditions.idea_change_refusal",),
    )
