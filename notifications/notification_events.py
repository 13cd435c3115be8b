"""The platform-wide event types this app owns. Other apps register theirs in
their own ``notification_events.py``."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Announcement
from .registry import EventType, Message, register


@register
class AnnouncementPublished(EventType):
    """Staff tell the residents of a region (or everyone) something."""

    key = "notifications.announcement"
    label = _("Announcements from the platform team for my region")
    group = _("Platform")

    def recipients(self, target: Announcement, **context):
        people = User.objects.all()
        return people.filter(region_id=target.region_id) if target.region_id else people

    def render(self, target: Announcement, recipient, **context) -> Message:
        return Message(
            subject=gettext("Announcement: %(title)s") % {"title": target.title},
            body=target.body,
            url=reverse("notifications:announcement", args=[target.pk]),
        )
