from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, NavLink, Tab

from .workflow import Stage


class EdpConfig(AppConfig):
    name = "edp"
    verbose_name = _("Entrepreneurial discovery")
    declares = Module(
        order=20,
        nav=(NavLink(_("Processes"), "edp:list", order=10),),
        tabs=(
            Tab(_("Overview"), "edp:detail", order=10),
            Tab(_("Regional assets"), "edp:assets", order=20),
            Tab(_("SWOT"), "edp:swot", order=30),
            Tab(_("Region facts"), "edp:facts", order=40),
            Tab(_("Meetings"), "edp:meetings", order=50),
            Tab(_("Ideas"), "edp:ideas", order=60),
        ),
        api="edp.api.register",
        demo="edp.demo.load",
        notification_events="edp.notification_events",
        delete_person="edp.services.participant_remove",
        second_factor="edp.rules.coordinates_a_process",
        home="edp.home.processes_under_way",
        preconditions={
            Stage.FORESIGHT: ("edp.preconditions.foresight_needs_assets",),
            Stage.EVALUATION: ("edp.preconditions.evaluation_needs_ideas",),
        },
    )
