from .. import lifecycles  # noqa: F401  (attaches Model.lifecycle)
from .council import ConflictDeclaration, Council, CouncilFollower, CouncilMember, CouncilTerm
from .opinions import HearingQuestion, Opinion, Recommendation
from .selection import CommissionSeat, Draw, Quota, Replacement, Volunteer, VolunteerCall

__all__ = [
    "CommissionSeat",
    "ConflictDeclaration",
    "Council",
    "CouncilFollower",
    "CouncilMember",
    "CouncilTerm",
    "Draw",
    "HearingQuestion",
    "Opinion",
    "Quota",
    "Recommendation",
    "Replacement",
    "Volunteer",
    "VolunteerCall",
]
