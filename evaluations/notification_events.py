"""Notifications of the evaluation of ideas: ideas assigned to an
evaluator, evaluations due within 48 hours or overdue, and the decision on
an idea (with the feedback) for its authors. Evaluators' identities never
appear in what submitters receive."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edp.workflow import STAGE_ORDER, Action, stage_allows
from notifications.registry import EventType, Message, register
from notifications.reminders import Reminder, ReminderProvider, register_reminder

from .models import Assignment, Evaluation, EvaluationSettings, IdeaDecision

GROUP = _("Idea evaluation")


def _pending_assignments():
    """Active assignments whose evaluation is not submitted (drafts count as pending)."""
    return Assignment.objects.filter(status=Assignment.Status.ACTIVE).filter(
        Q(evaluation__isnull=True) | ~Q(evaluation__status__in=Evaluation.lifecycle.groups["final"])
    )


def _pending_evaluators(edp_id: int):
    """Evaluators with an active assignment not yet submitted."""
    return User.objects.filter(pk__in=_pending_assignments().filter(edp_id=edp_id).values("evaluator_id"))


@register
class IdeasAssigned(EventType):
    key = "evaluations.assigned"
    label = _("Ideas were assigned to me for evaluation")
    group = GROUP

    def recipients(self, target, **context):
        return User.objects.filter(pk=context["evaluator_id"])

    def render(self, target, recipient, **context) -> Message:
        count = context.get("count", 1)
        return Message(
            subject=ngettext(
                "%(count)s idea to evaluate in “%(edp)s”", "%(count)s ideas to evaluate in “%(edp)s”", count
            )
            % {"count": count, "edp": target.title if target else ""},
            body=gettext("Open your evaluation queue to score them before the deadline."),
            url=reverse("evaluations:queue", args=[target.slug]) if target else "",
        )


class _DeadlineEvent(EventType):
    group = GROUP

    def recipients(self, target, **context):
        return _pending_evaluators(target.edp_id)

    def _when(self, target) -> str:
        return formats.date_format(timezone.localtime(target.deadline), "DATETIME_FORMAT") if target.deadline else ""


@register
class EvaluationsDueSoon(_DeadlineEvent):
    key = "evaluations.due_soon"
    label = _("My evaluations are due within 48 hours")

    def render(self, target, recipient, **context) -> Message:
        return Message(
            subject=gettext("Your evaluations are due on %(when)s") % {"when": self._when(target)},
            body=gettext("Some ideas assigned to you are not submitted yet. Drafts do not count."),
            url=reverse("evaluations:queue", args=[target.edp.slug]),
        )


@register
class EvaluationsOverdue(_DeadlineEvent):
    key = "evaluations.overdue"
    label = _("My evaluations are overdue")

    def render(self, target, recipient, **context) -> Message:
        return Message(
            subject=gettext("Your evaluations were due on %(when)s") % {"when": self._when(target)},
            body=gettext("The scoring deadline has passed; please tell the coordinator if you need more time."),
            url=reverse("evaluations:queue", args=[target.edp.slug]),
        )


@register
class IdeaDecided(EventType):
    key = "evaluations.idea_decided"
    label = _("My idea received a decision after evaluation")
    group = GROUP

    def recipients(self, target: IdeaDecision, **context):
        idea = target.idea
        return User.objects.filter(Q(pk=idea.submitter_id) | Q(coauthored_ideas=idea)).distinct()

    def render(self, target: IdeaDecision, recipient, **context) -> Message:
        if target is None:
            return Message(subject=gettext("A decision on your idea was withdrawn"))
        if target.outcome == IdeaDecision.Outcome.SHORTLISTED:
            subject = gettext("Your idea “%(title)s” was shortlisted") % {"title": target.idea.title}
        else:
            subject = gettext("Your idea “%(title)s” was not retained") % {"title": target.idea.title}
        return Message(
            subject=subject,
            body=target.feedback,
            url=reverse("evaluations:outcome", args=[target.idea.edp.slug, target.idea_id]),
        )


def _settings_with_pending_work(**deadline):
    """Settings whose deadline matches and whose EDP is still scoring, with
    someone still to submit. Once the stage has moved on nobody can score any
    more, so a reminder would only be noise; and with everything submitted
    there is nobody to remind (nothing is recorded as sent then, so an idea
    assigned later is still reminded of)."""
    scoring_stages = [s for s in STAGE_ORDER if stage_allows(s, Action.SCORE_IDEAS)]
    return (
        EvaluationSettings.objects.filter(edp__stage__in=scoring_stages, **deadline)
        .filter(edp_id__in=_pending_assignments().values("edp_id"))
        .select_related("edp")
    )


def _occurrence(s: EvaluationSettings) -> str:
    # A new deadline is a new occurrence (reminded again); the same one never repeats.
    return f"{s.pk}:{s.deadline:%Y%m%d%H%M}"


@register_reminder
class DueSoonReminder(ReminderProvider):
    key = "evaluations.due_48h"
    event = "evaluations.due_soon"

    def due(self, now):
        for s in _settings_with_pending_work(deadline__gt=now, deadline__lte=now + timedelta(hours=48)):
            yield Reminder(target=s, occurrence=_occurrence(s))


@register_reminder
class OverdueReminder(ReminderProvider):
    key = "evaluations.overdue"
    event = "evaluations.overdue"

    def due(self, now):
        # One reminder per deadline, sent within the week after it passed (a
        # beat that was down for a day still sends it; a forgotten deadline
        # from months ago does not wake up).
        for s in _settings_with_pending_work(deadline__lte=now, deadline__gt=now - timedelta(days=7)):
            yield Reminder(target=s, occurrence=_occurrence(s))
