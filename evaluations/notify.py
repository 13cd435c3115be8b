"""The notifications evaluation causes, emitted inside the caller's
transaction (the notifications service delivers them after commit, through
its outbox). Event types live in ``notification_events.py``."""

from collections import Counter
from collections.abc import Iterable

from notifications.services import notification_emit


def assigned(assignments: Iterable) -> None:
    """One message per evaluator, however many ideas they just received."""
    assignments = list(assignments)
    if not assignments:
        return
    edp = assignments[0].edp
    for evaluator_id, count in Counter(a.evaluator_id for a in assignments).items():
        notification_emit(event="evaluations.assigned", target=edp, evaluator_id=evaluator_id, count=count)


def decided(decision, *, actor) -> None:
    notification_emit(event="evaluations.idea_decided", target=decision, actor=actor)
