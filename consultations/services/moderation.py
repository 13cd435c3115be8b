"""Moderation: flags, hiding with a public reason, restoring, pausing a
person's commenting. Every decision is written to ModerationAction."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permcache, permissions
from core.errors import DomainError
from notifications.services import notification_emit

from .. import events
from ..models import Comment, CommentingBlock, Consultation, Flag, ModerationAction
from .participation import _count_visibility_change

BLOCK_MAX_DAYS = 365


def _refuse_unless_possible(comment: Comment, transition: str, moderator) -> None:
    # Before reading the form's input: a refused moderator hears why first.
    refusal = Comment.lifecycle.refusal(comment, transition, moderator)
    if refusal:
        raise DomainError(refusal, code="transition_refused")


def _lock_comment(comment: Comment) -> Comment:
    return Comment.objects.select_for_update(of=("self",)).select_related("item__consultation__edp").get(pk=comment.pk)


def _review_flags(comment: Comment, moderator) -> None:
    Flag.objects.filter(comment=comment, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=moderator
    )
    comment.flag_count = 0


@transaction.atomic
def flag_create(*, comment: Comment, user, reason: str, details: str = "") -> Flag:
    """Anyone signed in may flag a comment once. When the number of flags not
    yet reviewed reaches the consultation's threshold, the comment is hidden
    pending review (and that is logged as the platform's own action)."""
    if reason not in Flag.Reason.values:
        raise DomainError(_("Choose why you are flagging this comment."), field="reason")
    if reason == Flag.Reason.OTHER and not details.strip():
        raise DomainError(_("Tell the moderators what is wrong with this comment."), field="details")
    comment = _lock_comment(comment)
    permissions.require(user, "consultations.flag_comment", comment)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(comment=comment, user=user, reason=reason, details=details.strip()[:500])
    except IntegrityError:
        raise DomainError(_("You have already flagged this comment; moderators will review it."), code="duplicate")
    Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
    comment.refresh_from_db(fields=["flag_count"])
    consultation = comment.item.consultation
    if Comment.lifecycle.can(comment, "auto_hide"):
        Comment.lifecycle.apply(comment, "auto_hide")
        _count_visibility_change(comment, -1)
        ModerationAction.objects.create(
            consultation=consultation,
            kind=ModerationAction.Kind.AUTO_HIDE,
            comment=comment,
            target_user_id=comment.author_id,
            reason=_("%(n)d people flagged it") % {"n": comment.flag_count},
        )
        notification_emit(event=events.COMMENT_HIDDEN, target=comment, pending_review=True)
    return flag


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Hide a comment with a public reason ("hidden by a moderator: off-topic").
    Its replies stay; open flags count as reviewed."""
    comment = _lock_comment(comment)
    _refuse_unless_possible(comment, "hide", moderator)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the public reason for hiding this comment."), field="reason")
    was_visible = Comment.lifecycle.is_in(comment, Comment.Status.VISIBLE)
    comment.moderation_reason = reason[:300]
    _review_flags(comment, moderator)
    Comment.lifecycle.apply(comment, "hide", actor=moderator, update_fields=["moderation_reason", "flag_count"])
    if was_visible:
        _count_visibility_change(comment, -1)
    ModerationAction.objects.create(
        consultation=comment.item.consultation,
        kind=ModerationAction.Kind.HIDE,
        comment=comment,
        target_user_id=comment.author_id,
        actor=moderator,
        reason=reason[:300],
    )
    notification_emit(event=events.COMMENT_HIDDEN, target=comment, actor=moderator, reason=reason[:300])
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, moderator, reason: str = "") -> Comment:
    """Show a hidden comment again (``restore``), or keep a shown one that
    was flagged and dismiss its flags (``dismiss_flags``)."""
    comment = _lock_comment(comment)
    restoring = not Comment.lifecycle.is_in(comment, Comment.Status.VISIBLE)
    transition = "restore" if restoring else "dismiss_flags"
    _refuse_unless_possible(comment, transition, moderator)
    kind = ModerationAction.Kind.RESTORE if restoring else ModerationAction.Kind.DISMISS_FLAGS
    if restoring:
        comment.moderation_reason = ""
    _review_flags(comment, moderator)
    Comment.lifecycle.apply(comment, transition, actor=moderator, update_fields=["moderation_reason", "flag_count"])
    if restoring:
        _count_visibility_change(comment, +1)
        notification_emit(event=events.COMMENT_RESTORED, target=comment, actor=moderator)
    ModerationAction.objects.create(
        consultation=comment.item.consultation,
        kind=kind,
        comment=comment,
        target_user_id=comment.author_id,
        actor=moderator,
        reason=reason.strip()[:300],
    )
    return comment


@transaction.atomic
def user_block(*, consultation: Consultation, moderator, user, days: int, reason: str) -> CommentingBlock:
    """Pause one person's commenting in one consultation for ``days`` days."""
    permissions.require(moderator, "consultations.moderate", consultation)
    if user.pk == moderator.pk:
        raise DomainError(_("You cannot block yourself."))
    if not 1 <= days <= BLOCK_MAX_DAYS:
        raise DomainError(_("A block lasts from 1 to %(max)d days.") % {"max": BLOCK_MAX_DAYS}, field="days")
    if not reason.strip():
        raise DomainError(_("Say why: the person will see this reason."), field="reason")
    block = CommentingBlock.objects.create(
        consultation=consultation,
        user=user,
        until=timezone.now() + timedelta(days=days),
        reason=reason.strip()[:300],
        created_by=moderator,
    )
    ModerationAction.objects.create(
        consultation=consultation,
        kind=ModerationAction.Kind.BLOCK,
        target_user=user,
        actor=moderator,
        reason=_("%(days)d days: %(reason)s") % {"days": days, "reason": block.reason},
    )
    permcache.forget(user)
    return block


@transaction.atomic
def user_block_lift(*, block: CommentingBlock, moderator, reason: str = "") -> CommentingBlock:
    block = CommentingBlock.objects.select_for_update(of=("self",)).select_related("consultation__edp").get(pk=block.pk)
    permissions.require(moderator, "consultations.moderate", block.consultation)
    if block.lifted_at is not None or block.until <= timezone.now():
        raise DomainError(_("This block is no longer in force."))
    block.lifted_at = timezone.now()
    block.save(update_fields=["lifted_at"])
    ModerationAction.objects.create(
        consultation=block.consultation,
        kind=ModerationAction.Kind.UNBLOCK,
        target_user_id=block.user_id,
        actor=moderator,
        reason=reason.strip()[:300],
    )
    # The person's own requests read their blocks afresh (core.permcache
    # lives as long as a request's user object); nothing to forget here.
    return block
