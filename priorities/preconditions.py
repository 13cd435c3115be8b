"""Conditions this app owns for entering a stage (registered with
edp.workflow in apps.ready). Messages follow "Cannot start <stage>: "."""

from django.utils.translation import gettext

from .models import PrioritySelection


def action_planning_needs_published_priorities(edp) -> list[str]:
    # Each action plan is written for a selected priority; until the
    # selection is public there is nothing agreed to plan for.
    if not PrioritySelection.objects.filter(edp=edp, published_at__isnull=False).exists():
        return [gettext("the smart specialisation priorities are not published yet")]
    return []
