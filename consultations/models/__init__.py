from .answers import Answer, HearingLink
from .consultation import Consultation, ConsultationItem, ConsultationState
from .moderation import CommentingBlock, Flag, ModerationAction
from .participation import Comment, HelpfulMark, Stance

# Consultation.lifecycle and Comment.lifecycle, declared beside the models.
from .. import lifecycles  # noqa: F401  isort: skip

__all__ = [
    "Answer",
    "Comment",
    "CommentingBlock",
    "Consultation",
    "ConsultationItem",
    "ConsultationState",
    "Flag",
    "HearingLink",
    "HelpfulMark",
    "ModerationAction",
    "Stance",
]
