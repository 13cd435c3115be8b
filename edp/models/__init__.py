"""EDP models, one module per part of the process."""

from .evidence import AssetDimension, RegionalAsset, RegionFact, SWOTEntry
from .ideas import MAX_ATTACHMENTS_PER_IDEA, Idea, IdeaAttachment
from .meetings import AgendaItem, Meeting, MeetingDecision, MeetingRegistration, Topic
from .process import EDP, EDPRole, EDPStage, RoleInvitation, StageTransition

__all__ = [
    "EDP",
    "MAX_ATTACHMENTS_PER_IDEA",
    "AgendaItem",
    "AssetDimension",
    "EDPRole",
    "EDPStage",
    "Idea",
    "IdeaAttachment",
    "Meeting",
    "MeetingDecision",
    "MeetingRegistration",
    "RegionFact",
    "RegionalAsset",
    "RoleInvitation",
    "SWOTEntry",
    "StageTransition",
    "Topic",
]

# The lifecycles of these models (core.lifecycle), attached to the classes.
from .. import lifecycles  # noqa: F401
