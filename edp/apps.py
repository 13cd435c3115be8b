from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdpConfig(AppConfig):
    name = "edp"
    verbose_name = _("Entrepreneurial discovery")

    def ready(self) -> None:
        from . import preconditions

        preconditions.register()
