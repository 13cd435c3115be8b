from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, NavLink


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")
    declares = Module(
        order=10,
        nav=(
            NavLink(_("Stakeholders"), "stakeholders:directory", order=20),
            NavLink(_("My organisations"), "stakeholders:mine", signed_in=True, order=30),
        ),
        api="stakeholders.api.register",
        demo="stakeholders.demo.load",
        notification_events="stakeholders.notification_events",
        personal_data="stakeholders.selectors.organisation_personal_data",
        home="stakeholders.home.pilot_regions",
    )
