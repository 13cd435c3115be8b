from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EdpConfig(AppConfig):
    name = "edp"
    verbose_name = _("Entrepreneurial discovery")

    def ready(self) -> None:
        from accounts import deletion

        from . import preconditions, services

        preconditions.register()
        deletion.register("edp", lambda user: services.participant_remove(user=user))
