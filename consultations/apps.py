from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, Tab
from edp.workflow import Stage


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Public consultation")
    declares = Module(
        order=40,
        tabs=(Tab(order=80, provider="consultations.navigation.edp_tabs"),),
        api="consultations.api.register",
        demo="consultations.demo.load",
        notification_events="consultations.notification_events",
        home="consultations.home.open_consultations",
        preconditions={
            Stage.PRIORITY_SELECTION: ("consultations.preconditions.priority_selection_needs_closed_consultation",),
        },
    )
