"""Meetings: scheduling, registration with a waitlist, attendance, minutes."""

from __future__ import annotations

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from core import permcache, permissions
from core.errors import DomainError
from stakeholders.models import Organisation

from ..models import EDP, AgendaItem, Meeting, MeetingDecision, MeetingRegistration, Topic
from . import events

MEETING_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "duration_minutes",
    "venue",
    "online_url",
    "capacity",
    "facilitator",
    "district",
)
# Changing these matters to people who registered: they are told.
_NOTIFIED_FIELDS = {
    "starts_at": lambda m: (
        gettext("New time: %(when)s")
        % {"when": formats.date_format(timezone.localtime(m.starts_at), "DATETIME_FORMAT")}
    ),
    "duration_minutes": lambda m: gettext("New duration: %(n)s minutes") % {"n": m.duration_minutes},
    "venue": lambda m: gettext("New venue: %(venue)s") % {"venue": m.venue or "-"},
    "online_url": lambda m: gettext("New online link: %(url)s") % {"url": m.online_url or "-"},
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _set_topics(meeting: Meeting, names: list[str]) -> None:
    topics = []
    for name in dict.fromkeys(n[:80] for n in names):
        topic = Topic.objects.filter(edp_id=meeting.edp_id, name__iexact=name).first()
        topics.append(topic or Topic.objects.create(edp_id=meeting.edp_id, name=name))
    meeting.topics.set(topics)


@transaction.atomic
def meeting_save(
    *,
    edp: EDP | None = None,
    council=None,
    actor,
    meeting: Meeting | None = None,
    agenda: str | None = None,
    topics: str | None = None,
    **values,
) -> Meeting:
    """Create or edit a meeting of ``edp`` or of a public ``council`` (one of
    the two). ``agenda`` has one item per line, ``topics`` (EDP meetings only)
    are comma-separated. People registered hear about a new time or place.
    Raising the capacity promotes people from the waitlist."""
    if (edp is None) == (council is None):
        raise ValueError("meeting_save needs an EDP or a council")
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"meeting_save cannot set {sorted(unknown)}")
    if not values.get("venue", getattr(meeting, "venue", "")) and not values.get(
        "online_url", getattr(meeting, "online_url", "")
    ):
        raise DomainError(gettext("Give a venue, an online link, or both."), field="venue")
    creating = meeting is None
    if creating:
        meeting = Meeting(edp=edp, council=council, created_by=actor)
        before = {}
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, edp=edp, council=council)
        if meeting.is_cancelled:
            raise DomainError(gettext("This meeting was cancelled and can no longer be changed."))
        before = {name: getattr(meeting, name) for name in _NOTIFIED_FIELDS}
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.save()
    if agenda is not None:
        meeting.agenda_items.all().delete()
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=meeting, position=i, title=line[:200]) for i, line in enumerate(_lines(agenda))]
        )
    if topics is not None and edp is not None:
        _set_topics(meeting, [t.strip() for t in topics.split(",") if t.strip()])
    if not creating:
        changes = [
            render(meeting) for name, render in _NOTIFIED_FIELDS.items() if before[name] != getattr(meeting, name)
        ]
        if changes:
            events.meeting_changed(meeting, actor=actor, changes=changes)
        _promote_waitlist(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """Cancel a meeting (the meeting lifecycle's ``cancel``; who runs it is
    checked by the page); registered people are told why."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("edp").get(pk=meeting.pk)
    refusal = Meeting.lifecycle.refusal(meeting, "cancel")
    if refusal:
        raise DomainError(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("Say why the meeting is cancelled: registered people are told."), field="reason")
    meeting.cancellation_reason = reason[:300]
    Meeting.lifecycle.apply(meeting, "cancel", update_fields=["cancellation_reason", "updated_at"])
    events.meeting_cancelled(meeting, actor=actor)
    return meeting


def _helix_for(user, organisation: Organisation | None) -> str:
    return organisation.helix if organisation is not None else user.effective_helix


def _promote_waitlist(meeting: Meeting) -> list[MeetingRegistration]:
    """Fill free seats from the waitlist, first come first served. The caller
    holds the meeting's row lock."""
    confirmed = meeting.registrations.filter(status=MeetingRegistration.Status.CONFIRMED).count()
    free = meeting.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(
        meeting.registrations.select_for_update()
        .filter(status=MeetingRegistration.Status.WAITLISTED)
        .order_by("status_changed_at", "id")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status_changed_at = now
        MeetingRegistration.lifecycle.apply(registration, "promote", update_fields=["status_changed_at"])
        events.waitlist_promoted(registration)
    return promoted


@transaction.atomic
def meeting_register(
    *,
    meeting: Meeting,
    user,
    organisation: Organisation | None = None,
    permission: str = "edp.register_meeting",
) -> MeetingRegistration:
    """Take a seat, or a place on the waitlist when the meeting is full.

    The meeting row is locked (SELECT ... FOR UPDATE) while seats are counted,
    so simultaneous registrations for the last seat are served one at a time:
    exactly ``capacity`` people are confirmed, never more. Who may register,
    and until when, is the rule ``edp.register_meeting`` (a public council's
    meetings, which follow no EDP stage, pass their own: ``permission``)."""
    # Only the meeting's row is locked (``of``): the EDP read with it for the
    # permission check stays free for everyone else's registrations.
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("edp").get(pk=meeting.pk)
    permissions.require(user, permission, meeting)
    if organisation is not None and not organisation.memberships.filter(user=user, status="active").exists():
        raise DomainError(
            gettext("You can only attend on behalf of an organisation you belong to."), field="organisation"
        )
    existing = MeetingRegistration.objects.filter(meeting=meeting, user=user).first()
    if existing is not None and MeetingRegistration.lifecycle.is_in(existing, "active"):
        raise DomainError(gettext("You are already registered for this meeting."))
    confirmed = meeting.registrations.filter(status=MeetingRegistration.Status.CONFIRMED).count()
    seat_free = confirmed < meeting.capacity
    registration = existing or MeetingRegistration(meeting=meeting, user=user)
    registration.organisation = organisation
    registration.helix = _helix_for(user, organisation)
    registration.status_changed_at = timezone.now()
    registration.attended = False
    if existing is None:
        registration.status = (
            MeetingRegistration.Status.CONFIRMED if seat_free else MeetingRegistration.Status.WAITLISTED
        )
        registration.save()
    else:
        MeetingRegistration.lifecycle.apply(
            registration,
            "take_seat_again" if seat_free else "wait_again",
            update_fields=["organisation", "helix", "status_changed_at", "attended"],
        )
    permcache.forget(user)
    return registration


@transaction.atomic
def registration_cancel(*, registration: MeetingRegistration, actor) -> list[MeetingRegistration]:
    """Give up a seat (or a waitlist place); a freed seat goes to the first
    person waiting, who is told. Returns the promoted registrations."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("edp").get(pk=registration.meeting_id)
    registration = MeetingRegistration.objects.select_for_update().get(pk=registration.pk)
    if not MeetingRegistration.lifecycle.is_in(registration, "active"):
        raise DomainError(gettext("This registration is already cancelled."))
    permissions.require(actor, "edp.leave_meeting", meeting)
    registration.status_changed_at = timezone.now()
    MeetingRegistration.lifecycle.apply(registration, "cancel", update_fields=["status_changed_at"])
    permcache.forget(actor)
    return _promote_waitlist(meeting)


@transaction.atomic
def attendance_mark(*, meeting: Meeting, actor, present_ids: set[int]) -> int:
    """Mark who was present. Only confirmed registrations of this meeting are
    touched, whatever ids the form sends. Returns how many were present."""
    if meeting.starts_at > timezone.now():
        raise DomainError(gettext("Attendance can be marked once the meeting has started."))
    registrations = meeting.registrations.filter(status=MeetingRegistration.Status.CONFIRMED)
    registrations.exclude(pk__in=present_ids).update(attended=False)
    return registrations.filter(pk__in=present_ids).update(attended=True)


@transaction.atomic
def minutes_publish(*, meeting: Meeting, actor, minutes: str, decisions: str) -> Meeting:
    """Publish (or correct) the minutes and decisions, one decision per line."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.starts_at > timezone.now():
        raise DomainError(gettext("Minutes can be published after the meeting has taken place."))
    if not (minutes or "").strip():
        raise DomainError(gettext("The minutes are empty."), field="minutes")
    meeting.minutes = minutes.strip()
    meeting.minutes_published_at = meeting.minutes_published_at or timezone.now()
    meeting.save(update_fields=["minutes", "minutes_published_at", "updated_at"])
    meeting.decisions.all().delete()
    MeetingDecision.objects.bulk_create(
        [MeetingDecision(meeting=meeting, position=i, text=line) for i, line in enumerate(_lines(decisions))]
    )
    return meeting
