from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    declares = Module(
        order=90,
        demo="notifications.demo.load",
        notification_events="notifications.notification_events",
        delete_person="notifications.services.recipient_forget",
    )

    def ready(self) -> None:
        from core import modules

        # Every module's event types and reminder providers register
        # themselves when its notification_events module is imported.
        list(modules.each("notification_events"))
