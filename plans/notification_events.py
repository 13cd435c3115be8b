"""Notifications of action plans: "a monitoring report I am responsible for
is due" — a reminder to the members of an indicator's responsible
organisation, once per reporting period, when the period has ended and
nothing has been reported yet."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edp.workflow import STAGE_ACTIONS
from edp.workflow import Action as WorkflowAction
from notifications.registry import EventType, Message, register
from notifications.reminders import Reminder, ReminderProvider, register_reminder

from .models import Indicator, IndicatorMeasurement
from .periods import period_containing
from .selectors import REPORTING_GRACE_DAYS


@register
class MeasurementDue(EventType):
    key = "plans.measurement_due"
    label = _("A monitoring report I am responsible for is due")
    group = _("Action plans")

    def recipients(self, target: Indicator, **context):
        return User.objects.filter(
            memberships__organisation_id=target.responsible_organisation_id, memberships__status="active"
        )

    def render(self, target: Indicator, recipient, **context) -> Message:
        if target is None:
            return Message(subject=gettext("A monitoring report is due"))
        return Message(
            subject=gettext("Report “%(code)s %(name)s” for %(period)s")
            % {"code": target.code, "name": target.name, "period": context.get("period", "")},
            body=gettext(
                "The period %(period)s has ended. Please report the value of this indicator of the action plan "
                "“%(plan)s” by %(due)s, with a comment and, if you can, an evidence file."
            )
            % {"period": context.get("period", ""), "plan": target.plan.title, "due": context.get("due", "")},
            url=reverse("plans:indicator", args=[target.plan_id, target.pk]),
        )


@register_reminder
class MeasurementDueReminder(ReminderProvider):
    key = "plans.measurement_due"
    event = "plans.measurement_due"

    def due(self, now):
        """The last ended period of every indicator of an adopted plan whose
        EDP is monitoring, while it is still within its reporting window."""
        today = timezone.localdate(now)
        monitoring_stages = [s for s, actions in STAGE_ACTIONS.items() if WorkflowAction.REPORT_MEASUREMENTS in actions]
        indicators = list(
            Indicator.objects.filter(
                plan__first_adopted_at__isnull=False, plan__edp__stage__in=monitoring_stages
            ).select_related("plan")
        )
        last_periods = {}
        for indicator in indicators:
            current = period_containing(indicator.frequency, today)
            previous = period_containing(indicator.frequency, current.start - timedelta(days=1))
            adopted = timezone.localdate(indicator.plan.first_adopted_at)
            if previous.end >= adopted and previous.start.year <= indicator.target_year:
                last_periods[indicator.pk] = previous
        reported = set(
            IndicatorMeasurement.objects.filter(indicator_id__in=list(last_periods)).values_list(
                "indicator_id", "period_start"
            )
        )
        for indicator in indicators:
            period = last_periods.get(indicator.pk)
            if period is None or (indicator.pk, period.start) in reported:
                continue
            due = period.end + timedelta(days=REPORTING_GRACE_DAYS)
            yield Reminder(
                target=indicator,
                occurrence=f"{indicator.pk}:{period.label}",
                context={"period": period.label, "due": due.isoformat()},
            )
