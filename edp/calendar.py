"""iCalendar (RFC 5545) files for meetings, so people can add them to any calendar.

Written with the ``icalendar`` library, which escapes text values (``;``,
``,``, ``\\``, line breaks) and folds long lines: a title or venue typed by a
facilitator can never end a line and start a property of its own.
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "edp.local"


def meeting_ics(meeting, request=None) -> str:
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    location = ", ".join(p for p in (meeting.venue, meeting.online_url) if p)
    description = "\n\n".join(p for p in (meeting.description, url) if p)

    calendar = Calendar()
    calendar.add("prodid", "-//EDP Platform//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    # A later SEQUENCE makes calendars replace an earlier copy of the event.
    event.add("sequence", int(meeting.updated_at.timestamp()) if meeting.updated_at else 0)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("description", description)
    event.add("location", location)
    event.add("url", url)
    event.add("status", "CANCELLED" if type(meeting).lifecycle.is_in(meeting, "cancelled") else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
