from .answers import Answer
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
    "HelpfulMark",
    "ModerationAction",
    "Stance",
]
