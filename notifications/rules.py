"""Who may do what with notifications: only ever the recipient, with their
own (others' notifications are not even found: notifications.access scopes
them to the recipient, so a foreign id is a 404)."""

import rules
from django.utils.translation import gettext_lazy as _

from core.permissions import gate, register


@rules.predicate
def is_recipient(user, notification) -> bool:
    return notification is not None and user.is_authenticated and notification.recipient_id == user.pk


RECIPIENT = gate(is_recipient, _("This notification is addressed to someone else."))

register("notifications.view_notification", RECIPIENT)
register("notifications.change_notification", RECIPIENT)
# Announcements reach whole regions: only platform staff write them.
register(
    "notifications.add_announcement",
    gate(rules.is_staff, _("Only platform staff publish announcements, as they reach whole regions.")),
)
