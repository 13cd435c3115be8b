"""Notifications the EDP app causes (autodiscovered by the notifications app)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.registry import EventType, Message, register
from notifications.reminders import Reminder, ReminderProvider, register_reminder

from .models import Meeting
from .services import events
from .workflow import Stage


def _when(meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _edp_people(edp):
    """Everyone taking part in an EDP: role holders, meeting participants, idea authors."""
    return User.objects.filter(
        Q(edp_roles__edp=edp)
        | Q(meeting_registrations__meeting__edp=edp, meeting_registrations__status__in=["confirmed", "waitlisted"])
        | Q(ideas__edp=edp)
    ).distinct()


@register
class StageOpened(EventType):
    key = events.STAGE_OPENED
    label = _("A process I take part in moves to a new stage")
    group = _("Entrepreneurial discovery")

    def recipients(self, target, **context):
        return User.objects.filter(pk__in=_edp_people(target).values("pk"))

    def render(self, target, recipient, **context):
        stage = str(Stage(context["to_stage"]).label)
        if context.get("reopening"):
            subject = gettext("“%(edp)s”: the stage “%(stage)s” was reopened") % {"edp": target.title, "stage": stage}
        else:
            subject = gettext("“%(edp)s” is now in the stage “%(stage)s”") % {"edp": target.title, "stage": stage}
        return Message(subject=subject, url=target.get_absolute_url())


@register
class CallForIdeasOpened(EventType):
    key = events.CALL_FOR_IDEAS_OPENED
    label = _("A call for ideas opens in my region")
    group = _("Entrepreneurial discovery")

    def recipients(self, target, **context):
        return User.objects.filter(
            Q(region_id=target.region_id)
            | Q(memberships__status="active", memberships__organisation__region_id=target.region_id)
        ).distinct()

    def render(self, target, recipient, **context):
        body = ""
        if target.ideas_close_at:
            body = gettext("Ideas can be submitted until %(date)s.") % {
                "date": formats.date_format(timezone.localtime(target.ideas_close_at), "DATETIME_FORMAT")
            }
        return Message(
            subject=gettext("Call for ideas open in %(region)s: “%(edp)s”")
            % {"region": target.region.name, "edp": target.title},
            body=body,
            url=target.get_absolute_url(),
        )


@register
class IdeaSubmitted(EventType):
    key = events.IDEA_SUBMITTED
    label = _("An idea is submitted to a process I coordinate, or one I co-authored")
    group = _("Entrepreneurial discovery")

    def recipients(self, target, **context):
        return User.objects.filter(
            Q(edp_roles__edp_id=target.edp_id, edp_roles__role="coordinator") | Q(coauthored_ideas=target)
        ).distinct()

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("New idea submitted: “%(title)s”") % {"title": target.title},
            body=target.summary,
            url=target.get_absolute_url(),
        )


def _registrants(meeting, statuses=("confirmed", "waitlisted")):
    return User.objects.filter(meeting_registrations__meeting=meeting, meeting_registrations__status__in=statuses)


@register
class MeetingChanged(EventType):
    key = events.MEETING_CHANGED
    label = _("A meeting I registered for changes")
    group = _("Meetings")

    def recipients(self, target, **context):
        return _registrants(target)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("Changed: “%(title)s” on %(when)s") % {"title": target.title, "when": _when(target)},
            body="\n".join(context.get("changes") or []),
            url=target.get_absolute_url(),
        )


@register
class MeetingCancelled(EventType):
    key = events.MEETING_CANCELLED
    label = _("A meeting I registered for is cancelled")
    group = _("Meetings")

    def recipients(self, target, **context):
        return _registrants(target)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("Cancelled: “%(title)s” on %(when)s") % {"title": target.title, "when": _when(target)},
            body=target.cancellation_reason,
            url=target.get_absolute_url(),
        )


@register
class MeetingTomorrow(EventType):
    key = events.MEETING_TOMORROW
    label = _("Reminder the day before a meeting I registered for")
    group = _("Meetings")

    def recipients(self, target, **context):
        return _registrants(target, statuses=("confirmed",))

    def render(self, target, recipient, **context):
        place = target.venue or target.online_url
        return Message(
            subject=gettext("Tomorrow: “%(title)s” at %(when)s") % {"title": target.title, "when": _when(target)},
            body=place,
            url=target.get_absolute_url(),
        )


@register
class WaitlistPromoted(EventType):
    key = events.WAITLIST_PROMOTED
    label = _("A seat frees up for me at a meeting")
    group = _("Meetings")

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.user_id)

    def render(self, target, recipient, **context):
        meeting = target.meeting
        return Message(
            subject=gettext("You have a seat at “%(title)s” on %(when)s")
            % {"title": meeting.title, "when": _when(meeting)},
            body=gettext("Someone cancelled, so you moved from the waitlist to a confirmed seat."),
            url=meeting.get_absolute_url(),
        )


@register
class RoleInvitation(EventType):
    key = events.ROLE_INVITATION
    label = _("I am invited to take a role in a process")
    group = _("Entrepreneurial discovery")
    mandatory = True

    def recipients(self, target, **context):
        return User.objects.filter(emailaddress__email__iexact=target.email, emailaddress__verified=True)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("You are invited to be %(role)s in “%(edp)s”")
            % {"role": target.get_role_display().lower(), "edp": target.edp.title},
            body=gettext("Open the link to accept the invitation."),
            url=target.get_absolute_url(),
        )


@register_reminder
class MeetingTomorrowReminder(ReminderProvider):
    key = "edp.meeting_tomorrow"
    event = events.MEETING_TOMORROW

    def due(self, now):
        window = Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
        )
        for meeting in window:
            # A moved meeting is a new occurrence, so people hear about the new time.
            yield Reminder(target=meeting, occurrence=f"{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}")
