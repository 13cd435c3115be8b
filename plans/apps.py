from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, Tab
from edp.workflow import Stage


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Action plans")
    declares = Module(
        order=60,
        tabs=(Tab(_("Action plans"), "plans:list", order=100, active_namespace="plans"),),
        demo="plans.demo.load",
        notification_events="plans.notification_events",
        preconditions={Stage.MONITORING: ("plans.preconditions.monitoring_needs_an_adopted_plan",)},
    )
