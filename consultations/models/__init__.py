from .answers import Answer, HearingLink
from .consultation import Consultation, ConsultationItem, ConsultationState
from .moderation import CommentingBlock, Flag, ModerationAction
from .participation import Comment, HelpfulMark, Stance

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
