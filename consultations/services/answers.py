"""“You said, we did”: public answers of the coordinator to comments."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from core import permissions
from core.errors import DomainError
from notifications.services import notification_emit

from .. import events
from ..models import Answer, Comment, Consultation, ConsultationItem


def _require_answerer(user, consultation: Consultation) -> None:
    permissions.require(user, "consultations.answer_comments", consultation)


def _clean(
    consultation: Consultation,
    item: ConsultationItem,
    comments: Sequence[Comment],
    summary: str,
    outcome: str,
    reason: str,
) -> None:
    if item.consultation_id != consultation.pk:
        raise DomainError(_("Choose an item of this consultation."), field="item")
    if not comments:
        raise DomainError(_("Choose at least one comment this answer responds to."), field="comments")
    if any(c.item_id != item.pk for c in comments):
        raise DomainError(_("Every comment answered must be on the chosen item."), field="comments")
    if outcome not in Answer.Outcome.values:
        raise DomainError(_("Choose an outcome."), field="outcome")
    if not summary.strip():
        raise DomainError(_("Sum up in one line what these comments say."), field="summary")
    if not reason.strip():
        raise DomainError(_("Say what was done and why: that is what participants want to read."), field="reason")


@transaction.atomic
def answer_create(
    *,
    consultation: Consultation,
    author,
    item: ConsultationItem,
    comments: Sequence[Comment],
    summary: str,
    outcome: str,
    reason: str,
) -> Answer:
    """Answer one comment or a group of comments making the same point."""
    _require_answerer(author, consultation)
    _clean(consultation, item, comments, summary, outcome, reason)
    answer = Answer.objects.create(
        consultation=consultation,
        item=item,
        summary=summary.strip(),
        outcome=outcome,
        reason=reason.strip(),
        author=author,
    )
    answer.comments.set(comments)
    notification_emit(event=events.COMMENT_ANSWERED, target=answer, actor=author)
    return answer


@transaction.atomic
def answer_update(
    *, answer: Answer, author, comments: Sequence[Comment], summary: str, outcome: str, reason: str
) -> Answer:
    _require_answerer(author, answer.consultation)
    _clean(answer.consultation, answer.item, comments, summary, outcome, reason)
    answer.summary, answer.outcome, answer.reason = summary.strip(), outcome, reason.strip()
    answer.save()
    answer.comments.set(comments)
    return answer


@transaction.atomic
def answer_delete(*, answer: Answer, author) -> None:
    _require_answerer(author, answer.consultation)
    answer.delete()
