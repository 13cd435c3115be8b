"""Who may do what in a consultation: the person's role in the consultation's
EDP, combined with the consultation's own window (scheduled, open, closed,
report published). Objects are a consultation, one of its items or one of
its comments; an EDP for creating a consultation."""

import rules
from django.utils import timezone

from edp.rules import is_coordinator, is_moderator, is_verified_citizen, stage_permits
from edp.workflow import Action

from .models import Comment, CommentingBlock, Consultation, ConsultationItem, ConsultationState

EDIT_WINDOW_SECONDS = 15 * 60


def consultation_of(obj) -> Consultation | None:
    if isinstance(obj, Consultation):
        return obj
    if isinstance(obj, ConsultationItem):
        return obj.consultation
    if isinstance(obj, Comment):
        return obj.item.consultation
    return None


@rules.predicate
def is_open(user, obj) -> bool:
    consultation = consultation_of(obj)
    return consultation is not None and consultation.state == ConsultationState.OPEN


@rules.predicate
def is_scheduled(user, obj) -> bool:
    consultation = consultation_of(obj)
    return consultation is not None and consultation.state == ConsultationState.SCHEDULED


@rules.predicate
def is_closed(user, obj) -> bool:
    consultation = consultation_of(obj)
    return consultation is not None and consultation.state == ConsultationState.CLOSED


@rules.predicate
def report_is_published(user, obj) -> bool:
    consultation = consultation_of(obj)
    return consultation is not None and consultation.report_published_at is not None


def active_block(user, consultation: Consultation) -> CommentingBlock | None:
    """The block that currently stops ``user`` commenting here, if any
    (cached on the user object for the request)."""
    if not (user and user.is_authenticated) or consultation is None:
        return None
    # getattr/setattr, not __dict__: request.user is a lazy wrapper, and the
    # cache must live on the user object itself to be shared by every check.
    cache = getattr(user, "_consultation_block_cache", None)
    if cache is None:
        cache = {}
        user._consultation_block_cache = cache
    if consultation.pk not in cache:
        cache[consultation.pk] = (
            CommentingBlock.objects.filter(
                consultation=consultation, user=user, until__gt=timezone.now(), lifted_at__isnull=True
            )
            .order_by("-until")
            .first()
        )
    return cache[consultation.pk]


@rules.predicate
def is_blocked(user, obj) -> bool:
    return active_block(user, consultation_of(obj)) is not None


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return isinstance(comment, Comment) and user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def is_within_edit_window(user, comment) -> bool:
    return (timezone.now() - comment.created_at).total_seconds() <= EDIT_WINDOW_SECONDS


@rules.predicate
def is_not_deleted(user, comment) -> bool:
    return comment.status != Comment.Status.DELETED


can_take_part = is_verified_citizen & is_open

rules.add_perm("consultations.view_consultation", rules.always_allow)
rules.add_perm("consultations.add_consultation", is_coordinator & stage_permits(Action.CONSULT))
rules.add_perm("consultations.change_consultation", is_coordinator & ~report_is_published)
# Items are what people react to: they change only before anyone can react
# (see services.consultations.item_edit_refusal).
rules.add_perm("consultations.change_item", is_coordinator & is_scheduled)
rules.add_perm("consultations.take_stance", can_take_part)
rules.add_perm("consultations.add_comment", can_take_part & ~is_blocked)
rules.add_perm(
    "consultations.change_comment", is_comment_author & is_open & is_within_edit_window & is_not_deleted & ~is_blocked
)
rules.add_perm("consultations.delete_comment", is_comment_author & is_not_deleted)
rules.add_perm("consultations.mark_helpful", can_take_part & ~is_comment_author)
rules.add_perm("consultations.flag_comment", is_verified_citizen & ~is_comment_author)
rules.add_perm("consultations.moderate", is_moderator)
rules.add_perm("consultations.view_moderation_log", is_moderator | is_coordinator)
rules.add_perm("consultations.answer_comments", is_coordinator & ~report_is_published)
rules.add_perm("consultations.publish_report", is_coordinator & is_closed)
rules.add_perm("consultations.view_report", report_is_published | (is_coordinator & is_closed))
