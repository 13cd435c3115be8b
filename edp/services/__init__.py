"""Every write of the EDP app, one module per part of the process."""

from .evidence import asset_delete, asset_save, fact_save, facts_import_csv, swot_contribute, swot_curate
from .ideas import attachment_add, attachment_delete, idea_save, idea_submit, idea_withdraw
from .meetings import (
    attendance_mark,
    meeting_cancel,
    meeting_register,
    meeting_save,
    minutes_publish,
    registration_cancel,
)
from .participants import participant_remove
from .process import edp_create, edp_reopen, edp_stage_plan, edp_transition, edp_transition_refusals, edp_update
from .roles import invitation_accept, invitation_create, invitation_revoke, role_grant, role_revoke

__all__ = [
    "asset_delete",
    "asset_save",
    "attachment_add",
    "attachment_delete",
    "attendance_mark",
    "edp_create",
    "edp_reopen",
    "edp_stage_plan",
    "edp_transition",
    "edp_transition_refusals",
    "edp_update",
    "fact_save",
    "facts_import_csv",
    "idea_save",
    "idea_submit",
    "idea_withdraw",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "meeting_cancel",
    "meeting_register",
    "meeting_save",
    "minutes_publish",
    "participant_remove",
    "registration_cancel",
    "role_grant",
    "role_revoke",
    "swot_contribute",
    "swot_curate",
]
