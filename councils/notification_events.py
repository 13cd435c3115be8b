"""Notifications the councils app causes (read by the notifications registry)."""

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.registry import EventType, Message, register

from .services import events

GROUP = _("Public councils")


def _when(meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _followers_and_members(council):
    """People following the council and those sitting on it, once each."""
    return User.objects.filter(
        pk__in=User.objects.filter(
            Q(followed_councils__council=council)
            | Q(council_seats__council=council, council_seats__status="active")
            | Q(pk=council.secretary_id or 0)
        ).values("pk")
    )


@register
class CallOpened(EventType):
    key = events.CALL_OPENED
    label = _("A public council of my region calls for volunteers")
    group = GROUP

    def recipients(self, target, **context):
        council = target.council
        return User.objects.filter(
            pk__in=User.objects.filter(
                Q(region_id=council.region_id)
                | Q(memberships__status="active", memberships__organisation__region_id=council.region_id)
                | Q(followed_councils__council=council)
            ).values("pk")
        )

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("“%(council)s” calls for volunteers: members are drawn by lot")
            % {"council": target.council.name},
            body=gettext("Volunteer until %(date)s.")
            % {"date": formats.date_format(timezone.localtime(target.closes_at), "DATETIME_FORMAT")},
            url=target.get_absolute_url(),
        )


@register
class DrawPublished(EventType):
    key = events.DRAW_PUBLISHED
    label = _("The draw of a call I volunteered for, or of a council I follow, is published")
    group = GROUP

    def recipients(self, target, **context):
        call = target.call
        return User.objects.filter(
            pk__in=User.objects.filter(
                Q(council_volunteering__call=call, council_volunteering__status="active")
                | Q(followed_councils__council_id=call.council_id)
            ).values("pk")
        )

    def render(self, target, recipient, **context):
        call = target.call
        pseudonym = call.volunteers.filter(user=recipient).values_list("pseudonym", flat=True).first()
        if pseudonym and pseudonym in target.panel:
            body = gettext("You were drawn (%(p)s): you now sit on the council.") % {"p": pseudonym}
        elif pseudonym and pseudonym in target.alternates:
            body = gettext("You were drawn as an alternate (%(p)s): you may be called if a seat empties.") % {
                "p": pseudonym
            }
        elif pseudonym:
            body = gettext("You (%(p)s) were not drawn this time. Thank you for volunteering.") % {"p": pseudonym}
        else:
            body = ""
        return Message(
            subject=gettext("The draw for “%(council)s” is published") % {"council": call.council.name},
            body=body,
            url=call.get_absolute_url(),
        )


@register
class Seated(EventType):
    key = events.SEATED
    label = _("I am seated on a public council from its alternates")
    group = GROUP
    mandatory = True

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.user_id)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("A seat on “%(council)s” is yours") % {"council": target.council.name},
            body=gettext("A seat emptied and you were drawn from the alternates to fill it."),
            url=target.council.get_absolute_url(),
        )


@register
class AgendaPublished(EventType):
    key = events.AGENDA_PUBLISHED
    label = _("A council I follow or sit on publishes an agenda")
    group = GROUP

    def recipients(self, target, **context):
        return _followers_and_members(target.council)

    def render(self, target, recipient, **context):
        items = "\n".join(f"{i}. {a.title}" for i, a in enumerate(target.agenda_items.all(), start=1))
        return Message(
            subject=gettext("Agenda: “%(title)s” on %(when)s") % {"title": target.title, "when": _when(target)},
            body=items,
            url=target.get_absolute_url(),
        )


@register
class QuestionAnswered(EventType):
    key = events.QUESTION_ANSWERED
    label = _("My question to a public hearing is answered")
    group = GROUP

    def recipients(self, target, **context):
        return User.objects.filter(pk=target.author_id)

    def render(self, target, recipient, **context):
        return Message(
            subject=gettext("Your question to “%(title)s” is answered") % {"title": target.meeting.title},
            body=target.answer,
            url=target.meeting.get_absolute_url(),
        )


@register
class OpinionRequested(EventType):
    key = events.OPINION_REQUESTED
    label = _("A council I sit on is asked for an opinion")
    group = GROUP

    def recipients(self, target, **context):
        council = target.council
        return User.objects.filter(
            pk__in=User.objects.filter(
                Q(council_seats__council=council, council_seats__status="active") | Q(pk=council.secretary_id or 0)
            ).values("pk")
        )

    def render(self, target, recipient, **context):
        body = ""
        if target.due_on:
            body = gettext("Due on %(date)s.") % {"date": formats.date_format(target.due_on, "DATE_FORMAT")}
        return Message(
            subject=gettext("“%(council)s” is asked for its opinion on %(subject)s")
            % {"council": target.council.name, "subject": target.subject_label},
            body=body,
            url=target.get_absolute_url(),
        )


@register
class OpinionPublished(EventType):
    key = events.OPINION_PUBLISHED
    label = _("A council gives an opinion on a draft of a process I coordinate, or a council I follow does")
    group = GROUP

    def recipients(self, target, **context):
        from . import subjects

        edp = subjects.edp_of(target)
        coordinators = Q(edp_roles__edp=edp, edp_roles__role="coordinator") if edp is not None else Q(pk=0)
        return User.objects.filter(
            pk__in=User.objects.filter(coordinators | Q(followed_councils__council_id=target.council_id)).values("pk")
        )

    def render(self, target, recipient, **context):
        pending = target.recommendations.filter(answer="").count()
        body = (
            ngettext(
                "%(n)s recommendation awaits an answer with a reason.",
                "%(n)s recommendations await an answer with a reason.",
                pending,
            )
            % {"n": pending}
            if pending
            else target.text
        )
        return Message(
            subject=gettext("“%(council)s” gave its opinion on %(subject)s: %(position)s")
            % {
                "council": target.council.name,
                "subject": target.subject_label,
                "position": target.get_position_display(),
            },
            body=body,
            url=target.get_absolute_url(),
        )


@register
class AnswersGiven(EventType):
    key = events.ANSWERS_GIVEN
    label = _("The recommendations of a council I sit on or follow are answered")
    group = GROUP

    def recipients(self, target, **context):
        return _followers_and_members(target.council)

    def render(self, target, recipient, **context):
        lines = [f"{r.get_answer_display()}: {r.text[:120]}" for r in target.recommendations.all()]
        return Message(
            subject=gettext("Answers to “%(council)s” on %(subject)s")
            % {"council": target.council.name, "subject": target.subject_label},
            body="\n".join(lines),
            url=target.get_absolute_url(),
        )
