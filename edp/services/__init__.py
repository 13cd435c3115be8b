"""Every write of the EDP app (see the modules for each part of the process)."""

from .process import edp_create, edp_reopen, edp_stage_plan, edp_transition, edp_transition_refusals, edp_update

__all__ = ["edp_create", "edp_reopen", "edp_stage_plan", "edp_transition", "edp_transition_refusals", "edp_update"]
