"""Conditions this app owns for entering a stage (registered with
edp.workflow in apps.ready). Messages follow "Cannot start <stage>: "."""

from django.utils.translation import gettext

from .models import ActionPlan


def monitoring_needs_an_adopted_plan(edp) -> list[str]:
    # Monitoring reports against an adopted plan's indicators. A plan adopted
    # once counts even while its next version is a draft: its adopted version
    # is what is monitored.
    if not ActionPlan.objects.filter(edp=edp, first_adopted_at__isnull=False).exists():
        return [gettext("no action plan has been adopted yet")]
    return []
