"""Every write of the consultations app. Views and the API call these; other
apps call ``consultation_create_from`` to put their objects to consultation."""

from .answers import answer_create, answer_delete, answer_update
from .consultations import (
    ItemSpec,
    consultation_close_early,
    consultation_create,
    consultation_create_from,
    consultation_publish_report,
    consultation_recount,
    consultation_update,
    item_spec_from_source,
    item_update,
)
from .hearings import hearing_attach, hearing_detach
from .moderation import comment_hide, comment_restore, flag_create, user_block, user_block_lift
from .participation import (
    comment_create,
    comment_delete,
    comment_edit,
    helpful_mark_set,
    stance_set,
)

__all__ = [
    "ItemSpec",
    "answer_create",
    "answer_delete",
    "answer_update",
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_hide",
    "comment_restore",
    "consultation_close_early",
    "consultation_create",
    "consultation_create_from",
    "consultation_publish_report",
    "consultation_recount",
    "consultation_update",
    "flag_create",
    "hearing_attach",
    "hearing_detach",
    "helpful_mark_set",
    "item_spec_from_source",
    "item_update",
    "stance_set",
    "user_block",
    "user_block_lift",
]
