"""Who may do what with notifications: only ever the recipient, with their own."""

import rules


@rules.predicate
def is_recipient(user, notification) -> bool:
    return notification is not None and user.is_authenticated and notification.recipient_id == user.pk


rules.add_perm("notifications.view_notification", is_recipient)
rules.add_perm("notifications.change_notification", is_recipient)
# Announcements reach whole regions: only platform staff write them.
rules.add_perm("notifications.add_announcement", rules.is_staff)
