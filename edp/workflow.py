"""The EDP workflow, declared once.

Each stage lists the actions it allows; permissions (edp.rules) and services
read this table, so "what may happen when" lives in one place (adhocracy+
declares phases the same way). The order of ``Stage`` is the order of the
process, following the Malopolskie reference run (DOMAIN.md).
"""

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    FORESIGHT = "foresight", _("Technological foresight")
    EVALUATION = "evaluation", _("Idea evaluation")
    CONSULTATION = "consultation", _("Public consultation")
    PRIORITY_SELECTION = "priority_selection", _("Priority selection")
    ACTION_PLANNING = "action_planning", _("Action planning")
    MONITORING = "monitoring", _("Monitoring")


STAGE_ORDER: list[str] = [s.value for s in Stage]


class Action(models.TextChoices):
    """Things participants do that only some stages allow."""

    EDIT_EVIDENCE = "edit_evidence", _("Edit regional assets and facts")
    CONTRIBUTE_SWOT = "contribute_swot", _("Contribute to the SWOT board")
    HOLD_MEETINGS = "hold_meetings", _("Hold meetings")
    SUBMIT_IDEAS = "submit_ideas", _("Submit ideas")
    WITHDRAW_IDEAS = "withdraw_ideas", _("Withdraw ideas")
    DEFINE_CRITERIA = "define_criteria", _("Define evaluation criteria")
    SCORE_IDEAS = "score_ideas", _("Score ideas")
    SHORTLIST_IDEAS = "shortlist_ideas", _("Shortlist ideas")
    CONSULT = "consult", _("Run public consultations")
    SELECT_PRIORITIES = "select_priorities", _("Select priorities")
    EDIT_PLANS = "edit_plans", _("Edit action plans")
    REPORT_MEASUREMENTS = "report_measurements", _("Report indicator measurements")


STAGE_ACTIONS: dict[str, frozenset[str]] = {
    Stage.PREPARATION: frozenset({Action.EDIT_EVIDENCE, Action.HOLD_MEETINGS, Action.DEFINE_CRITERIA}),
    Stage.FORESIGHT: frozenset(
        {
            Action.EDIT_EVIDENCE,
            Action.CONTRIBUTE_SWOT,
            Action.HOLD_MEETINGS,
            Action.SUBMIT_IDEAS,
            Action.WITHDRAW_IDEAS,
            Action.DEFINE_CRITERIA,
        }
    ),
    Stage.EVALUATION: frozenset(
        {Action.HOLD_MEETINGS, Action.DEFINE_CRITERIA, Action.SCORE_IDEAS, Action.SHORTLIST_IDEAS}
    ),
    Stage.CONSULTATION: frozenset({Action.HOLD_MEETINGS, Action.CONSULT, Action.SHORTLIST_IDEAS}),
    Stage.PRIORITY_SELECTION: frozenset({Action.HOLD_MEETINGS, Action.CONSULT, Action.SELECT_PRIORITIES}),
    Stage.ACTION_PLANNING: frozenset({Action.HOLD_MEETINGS, Action.CONSULT, Action.EDIT_PLANS}),
    Stage.MONITORING: frozenset({Action.HOLD_MEETINGS, Action.CONSULT, Action.EDIT_PLANS, Action.REPORT_MEASUREMENTS}),
}


def stage_allows(stage: str, action: str) -> bool:
    return action in STAGE_ACTIONS.get(stage, frozenset())


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def next_stage(stage: str) -> str | None:
    i = stage_index(stage)
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


# --- The call for ideas ---------------------------------------------------------
# Not a status of its own: the call is open while the stage allows submitting
# ideas and its deadline (if any) has not passed. Every page, permission and
# service asks this one function, which also says why it is not open.
CALL_STAGES = [s for s in STAGE_ORDER if stage_allows(s, Action.SUBMIT_IDEAS)]


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


class CallForIdeas:
    """The state of an EDP's call for ideas: open, not open yet, or closed."""

    def __init__(self, edp) -> None:
        self.edp = edp
        now = timezone.now()
        in_stage = edp is not None and stage_allows(edp.stage, Action.SUBMIT_IDEAS)
        self.deadline_passed = bool(in_stage and edp.ideas_close_at and edp.ideas_close_at <= now)
        self.is_open = in_stage and not self.deadline_passed
        self.not_yet = bool(
            edp is not None and not in_stage and CALL_STAGES and stage_index(edp.stage) < stage_index(CALL_STAGES[0])
        )

    def __bool__(self) -> bool:
        return self.is_open

    @property
    def closes_at(self) -> datetime | None:
        return self.edp.ideas_close_at if self.is_open else None

    def _closed_at(self) -> datetime | None:
        """When the call ended: its deadline, or the day its stage closed."""
        from .models import EDPStage

        ends = [
            closed
            for closed in EDPStage.objects.filter(edp=self.edp, stage__in=CALL_STAGES).values_list(
                "closed_at", flat=True
            )
            if closed
        ]
        if self.edp.ideas_close_at:
            ends.append(self.edp.ideas_close_at)
        return min(ends) if ends else None

    @cached_property
    def reason(self) -> str:
        """Why ideas cannot be submitted now ("" while the call is open)."""
        if self.is_open:
            return ""
        if self.edp is None:
            return gettext("This process has no call for ideas.")
        if self.deadline_passed:
            return gettext("The call for ideas closed on %(date)s.") % {"date": _day(self.edp.ideas_close_at)}
        if self.not_yet:
            return gettext("The call for ideas has not opened yet: it opens with the stage “%(stage)s”.") % {
                "stage": Stage(CALL_STAGES[0]).label
            }
        closed = self._closed_at()
        if closed is not None:
            return gettext("The call for ideas closed on %(date)s.") % {"date": _day(closed)}
        return gettext("The call for ideas is not open any more: it ran during the stage “%(stage)s”.") % {
            "stage": Stage(CALL_STAGES[0]).label
        }


def call_for_ideas(edp) -> CallForIdeas:
    return CallForIdeas(edp)


# --- Preconditions for entering a stage --------------------------------------
# Modules declare checks that must pass before an EDP may move forward into a
# stage (e.g. evaluations: "criteria weights total 100%" before evaluation) in
# their ``Module.preconditions`` (core.modules). A check takes the EDP and
# returns human, translated refusal messages (empty when satisfied). The
# transition service runs them all and refuses with every message at once, so
# a coordinator sees the whole to-do list.
Precondition = Callable[[Any], list[str]]


def preconditions_for(stage: str) -> list[Precondition]:
    from core import modules

    if stage not in STAGE_ORDER:
        raise ValueError(f"Unknown stage {stage!r}")
    return modules.preconditions(stage)


def unmet_preconditions(edp, stage: str) -> list[str]:
    """Every refusal message of every check declared for ``stage``."""
    messages: list[str] = []
    for check in preconditions_for(stage):
        messages.extend(str(m) for m in check(edp) or [])
    return messages


# --- Guards on changing an idea ----------------------------------------------
# Reopening foresight lets the call for ideas run again, but some ideas may
# already carry other apps' work (e.g. evaluations: submitted scores). Such a
# module declares a guard (``Module.idea_guards``): it takes the idea and
# returns why its authors may no longer edit or withdraw it ("" when they may).
IdeaGuard = Callable[[Any], str]


def idea_change_refusals(idea) -> list[str]:
    """Every reason a declared guard gives against changing ``idea``."""
    from core import modules

    return [str(reason) for guard in modules.idea_guards() if (reason := guard(idea))]
