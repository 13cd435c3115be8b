from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from accounts import deletion

        from . import services

        deletion.register("notifications", lambda user: services.recipient_forget(user=user))

        # Every app's event types and reminder providers register themselves
        # on import of <app>/notification_events.py (ours included).
        autodiscover_modules("notification_events")
