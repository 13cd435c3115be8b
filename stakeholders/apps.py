from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")
    declares = Module(
        order=10,
        api="stakeholders.api.register",
        demo="stakeholders.demo.load",
        notification_events="stakeholders.notification_events",
        personal_data="stakeholders.selectors.organisation_personal_data",
    )
