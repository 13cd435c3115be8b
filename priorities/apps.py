from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.modules import Module, Tab
from edp.workflow import Stage


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = _("Priorities")
    declares = Module(
        order=50,
        tabs=(
            Tab(
                _("Priorities"),
                "priorities:selection",
                permission="priorities.view_selection",
                order=90,
                active_namespace="priorities",
            ),
        ),
        demo="priorities.demo.load",
        delete_person="priorities.departures.steering_seats_release",
        preconditions={
            Stage.ACTION_PLANNING: ("priorities.preconditions.action_planning_needs_published_priorities",),
        },
    )
