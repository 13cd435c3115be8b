from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self) -> None:
        from accounts import personal_data

        from . import selectors

        personal_data.register("stakeholders", selectors.organisation_personal_data)
