from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Priorities")

    def ready(self) -> None:
        from accounts import deletion

        from . import departures, preconditions

        preconditions.register()
        deletion.register("priorities", lambda user: departures.steering_seats_release(user=user))
