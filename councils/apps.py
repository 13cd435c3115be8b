from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, NavLink, Tab


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Public councils")
    declares = Module(
        # After plans (60): the demo gives an opinion on the adopted plan.
        order=70,
        tabs=(Tab(order=110, provider="councils.navigation.edp_tabs"),),
        nav=(NavLink(_("Public councils"), "councils:list", order=25),),
        home="councils.home.open_calls",
        api="councils.api.register",
        demo="councils.demo.load",
        notification_events="councils.notification_events",
        personal_data="councils.personal_data.export",
        delete_person="councils.services.person_depart",
        transition_guards={"plan.adopt": ("councils.guards.plan_adoption_needs_answers",)},
        panels={"plans.plan_detail": ("councils.panels.plan_opinions",)},
    )
