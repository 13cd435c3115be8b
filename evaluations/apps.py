from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Idea evaluation")

    def ready(self) -> None:
        from accounts import deletion

        from . import preconditions
        from .services import departures

        preconditions.register()
        deletion.register("evaluations", lambda user: departures.assignments_release_for_departed(user=user))
