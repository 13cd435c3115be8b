"""Who may do what in a consultation, and why not.

Every permission is declared once, as ordered gates (core.permissions): the
consultation's window and the state of the object come first (nobody can
change them), then who the person is. The reason of the first gate that
fails is what the item page shows instead of a form, what a refused page
says, and what the service raises: "This consultation closed on 3 March",
"Sign in to take part.", "A moderator has paused your commenting … until …".

Objects are a consultation, one of its items, comments, answers, hearing
links or commenting blocks (``consultation_of`` finds the consultation), or
an EDP for opening a consultation.

Facts read per person (their commenting blocks, when they may comment
again) live in ``core.permcache`` under this module's keys; the item page
reads them with the item in one query and leaves them here through
:func:`remember_no_block` and :func:`remember_rate_limit`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import rules
from django.db.models import Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import permcache
from core.permissions import gate, register
from edp.rules import is_coordinator, is_moderator, is_verified_citizen, stage_permits
from edp.workflow import Action

from .models import Answer, Comment, CommentingBlock, Consultation, ConsultationItem, ConsultationState, HearingLink

EDIT_WINDOW_SECONDS = 15 * 60
RATE_LIMIT_COMMENTS = 10
RATE_LIMIT_WINDOW = timedelta(minutes=1)

_BLOCKS = "consultations.blocks"  # {consultation id: the block in force, or None}
_RATE_LIMIT = "consultations.comment_allowed_from"  # when the rate limit lets the person comment again


def consultation_of(obj: Any) -> Consultation | None:
    if isinstance(obj, Consultation):
        return obj
    if isinstance(obj, ConsultationItem | Answer | HearingLink | CommentingBlock):
        return obj.consultation
    if isinstance(obj, Comment):
        return obj.item.consultation
    return None


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def window_message(consultation: Consultation) -> str:
    """The consultation's window in words: when it opens, until when it is
    open, when (and why) it closed. The page's banner shows it, and it is
    the reason every participation permission gives outside the window."""
    lifecycle = Consultation.lifecycle
    if lifecycle.is_in(consultation, ConsultationState.SCHEDULED):
        return _("This consultation opens on %(date)s") % {"date": _when(consultation.opens_at)}
    if lifecycle.is_in(consultation, ConsultationState.OPEN):
        return _("Open until %(date)s") % {"date": _when(consultation.effective_closes_at)}
    if consultation.closed_early:
        text = _("This consultation was closed early on %(date)s: %(reason)s") % {
            "date": _when(consultation.effective_closes_at),
            "reason": consultation.closed_early_reason,
        }
    else:
        text = _("This consultation closed on %(date)s") % {"date": _when(consultation.effective_closes_at)}
    if lifecycle.is_in(consultation, ConsultationState.REPORT_PUBLISHED):
        text += " " + _("Its report has been published.")
    return text


# --- The consultation's state -------------------------------------------------
def _in_state(state: str):
    @rules.predicate(name=f"consultation_is_{state}")
    def predicate(user, obj) -> bool:
        consultation = consultation_of(obj)
        return consultation is not None and Consultation.lifecycle.is_in(consultation, state)

    return predicate


is_scheduled = _in_state(ConsultationState.SCHEDULED)
is_open = _in_state(ConsultationState.OPEN)
is_closed = _in_state(ConsultationState.CLOSED)
report_is_published = _in_state(ConsultationState.REPORT_PUBLISHED)


def _window(user, obj) -> str:
    consultation = consultation_of(obj)
    return window_message(consultation) if consultation is not None else ""


def _item_edit_refusal(user, obj) -> str:
    # As in Decidim and CONSUL, the text people react to is frozen once they
    # can react: a comment or a stance on an item whose wording changed
    # afterwards would no longer say what its author meant. A mistake found
    # later is corrected in the open, in an answer or in the report.
    if is_open(user, obj):
        return _(
            "This consultation is open: people are already reading its items and reacting to them, so their title, "
            "text and order can no longer change. If something in an item is wrong, say so in an answer to the "
            "comments or in the report."
        )
    return _("This consultation has closed: its items are part of the record and can no longer change.")


def _consult_stage(user, edp) -> str:
    return _("Consultations can be opened from the public consultation stage on; this process is in “%(stage)s”.") % {
        "stage": edp.get_stage_display() if edp is not None else ""
    }


# --- The person -----------------------------------------------------------------
@rules.predicate
def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _blocks(user) -> dict[int, CommentingBlock | None]:
    return permcache.cached(user, _BLOCKS, dict)


def active_block(user, consultation: Consultation | None) -> CommentingBlock | None:
    """The block that currently stops ``user`` commenting in ``consultation``."""
    if consultation is None or not (user and user.is_authenticated):
        return None
    blocks = _blocks(user)
    if consultation.pk not in blocks:
        blocks[consultation.pk] = (
            CommentingBlock.objects.filter(
                consultation=consultation, user=user, until__gt=timezone.now(), lifted_at__isnull=True
            )
            .order_by("-until")
            .first()
        )
    return blocks[consultation.pk]


def remember_no_block(user, consultation_id: int) -> None:
    """The caller read, with a wider query, that no block stops ``user`` in this consultation."""
    if user is not None and user.is_authenticated:
        _blocks(user)[consultation_id] = None


@rules.predicate
def is_not_blocked(user, obj) -> bool:
    return active_block(user, consultation_of(obj)) is None


def _blocked(user, obj) -> str:
    block = active_block(user, consultation_of(obj))
    return _("A moderator has paused your commenting in this consultation until %(date)s: %(reason)s") % {
        "date": _when(block.until) if block else "",
        "reason": block.reason if block else "",
    }


def _tenth_latest_comment(user, since: datetime):
    """The person's RATE_LIMIT_COMMENTS-th latest comment since ``since``
    (one row or none; on the index of a person's recent comments)."""
    return (
        Comment.objects.filter(author=user, created_at__gte=since)
        .order_by("-created_at")
        .values("created_at")[RATE_LIMIT_COMMENTS - 1 : RATE_LIMIT_COMMENTS]
    )


def rate_limit_subquery(user) -> Subquery:
    """For a wider query (the item page's): the time :func:`remember_rate_limit` takes."""
    return Subquery(_tenth_latest_comment(user, timezone.now() - RATE_LIMIT_WINDOW))


def _allowed_from(tenth_latest: datetime | None) -> datetime | None:
    return tenth_latest + RATE_LIMIT_WINDOW if tenth_latest is not None else None


def comment_allowed_from(user) -> datetime | None:
    """When the rate limit lets the person comment again (None: it does not hold them)."""
    if not (user and user.is_authenticated):
        return None

    return permcache.cached(user, _RATE_LIMIT, lambda: _read_allowed_from(user))


def _read_allowed_from(user) -> datetime | None:
    rows = list(_tenth_latest_comment(user, timezone.now() - RATE_LIMIT_WINDOW))
    return _allowed_from(rows[0]["created_at"] if rows else None)


def reread_rate_limit(user) -> None:
    """Read the rate limit afresh: a comment is about to be written on it
    (the value a page cached may be a request old)."""
    if user is not None and user.is_authenticated:
        permcache.remember(user, _RATE_LIMIT, _read_allowed_from(user))


def remember_rate_limit(user, tenth_latest: datetime | None) -> None:
    """The caller read :func:`rate_limit_subquery` with a wider query."""
    if user is not None and user.is_authenticated:
        permcache.remember(user, _RATE_LIMIT, _allowed_from(tenth_latest))


def comment_wait_seconds(user) -> int:
    """Seconds before ``user`` may comment again (0: now)."""
    allowed_from = comment_allowed_from(user)
    now = timezone.now()
    if allowed_from is None or allowed_from <= now:
        return 0
    return max(1, int((allowed_from - now).total_seconds()) + 1)


@rules.predicate
def is_within_rate_limit(user) -> bool:
    return comment_wait_seconds(user) == 0


def _rate_limited(user, obj) -> str:
    wait = comment_wait_seconds(user)
    return ngettext(
        "You have posted %(n)d comments in the last minute. Please wait %(s)d second before posting again.",
        "You have posted %(n)d comments in the last minute. Please wait %(s)d seconds before posting again.",
        wait,
    ) % {"n": RATE_LIMIT_COMMENTS, "s": wait}


# --- The comment ------------------------------------------------------------------
@rules.predicate
def is_comment_author(user, comment) -> bool:
    return isinstance(comment, Comment) and bool(user and user.is_authenticated) and comment.author_id == user.pk


@rules.predicate
def is_not_comment_author(user, obj) -> bool:
    # On an item (the page deciding what to offer) nobody is the author yet.
    return not is_comment_author(user, obj)


@rules.predicate
def comment_is_shown(user, obj) -> bool:
    return not isinstance(obj, Comment) or Comment.lifecycle.is_in(obj, Comment.Status.VISIBLE)


@rules.predicate
def comment_is_not_deleted(user, obj) -> bool:
    return not isinstance(obj, Comment) or not Comment.lifecycle.is_in(obj, Comment.Status.DELETED)


@rules.predicate
def is_within_edit_window(user, comment) -> bool:
    return (timezone.now() - comment.created_at).total_seconds() <= EDIT_WINDOW_SECONDS


# --- Permissions ------------------------------------------------------------------
WINDOW = gate(is_open, _window)
SIGN_IN = gate(is_signed_in, gettext_lazy("Sign in to take part."))
VERIFIED = gate(
    is_verified_citizen, gettext_lazy("Confirm your email address to take part: we sent you a link when you signed up.")
)
NOT_BLOCKED = gate(is_not_blocked, _blocked)
# The stage gate is also what consultation_create checks: plans put a draft
# plan to consultation through it, under their own permission.
CONSULT_STAGE = gate(stage_permits(Action.CONSULT), _consult_stage)
COORDINATOR = gate(is_coordinator, gettext_lazy("Only coordinators of this process can change this consultation."))

register("consultations.view_consultation", rules.always_allow)
register(
    "consultations.add_consultation",
    CONSULT_STAGE,
    gate(
        is_coordinator,
        gettext_lazy(
            "Only coordinators of this process can open a consultation, from the public consultation stage on."
        ),
    ),
)
# The coordinators' say over a consultation, whatever its state (the page
# uses it to decide whether to explain why something can no longer change).
register("consultations.manage_consultation", COORDINATOR)
register(
    "consultations.change_consultation",
    gate(
        ~report_is_published,
        gettext_lazy("The report has been published: the consultation is part of the record and cannot change."),
    ),
    COORDINATOR,
)
register(
    "consultations.change_item",
    gate(is_scheduled, _item_edit_refusal),
    gate(is_coordinator, gettext_lazy("Only coordinators of this process can edit its items.")),
)

# Taking part. "comment" is who may take part in the discussion; adding a
# comment right now also respects the rate limit (the comment form checks it
# in the service, so that what the person wrote stays next to the message).
register("consultations.take_stance", WINDOW, SIGN_IN, VERIFIED)
register("consultations.comment", WINDOW, SIGN_IN, VERIFIED, NOT_BLOCKED)
register(
    "consultations.add_comment",
    WINDOW,
    SIGN_IN,
    VERIFIED,
    NOT_BLOCKED,
    gate(is_within_rate_limit, _rate_limited),
)
register(
    "consultations.change_comment",
    gate(is_comment_author, gettext_lazy("Only its author can edit a comment.")),
    gate(comment_is_shown, gettext_lazy("This comment is not shown any more, so it cannot be edited.")),
    WINDOW,
    NOT_BLOCKED,
    gate(
        is_within_edit_window,
        lambda user, comment: (
            _("Comments can be edited for %(n)d minutes after posting; this one is older.")
            % {"n": EDIT_WINDOW_SECONDS // 60}
        ),
    ),
)
register("consultations.delete_comment", gate(is_comment_author, gettext_lazy("Only its author can delete a comment.")))
register(
    "consultations.mark_helpful",
    gate(comment_is_shown, gettext_lazy("This comment is not shown any more.")),
    WINDOW,
    SIGN_IN,
    VERIFIED,
    gate(is_not_comment_author, gettext_lazy("You cannot mark your own comment as helpful.")),
)
register(
    "consultations.flag_comment",
    gate(comment_is_not_deleted, gettext_lazy("This comment has been deleted by its author.")),
    gate(is_signed_in, gettext_lazy("Sign in to flag a comment.")),
    gate(is_verified_citizen, gettext_lazy("Confirm your email address to flag comments.")),
    gate(
        is_not_comment_author,
        gettext_lazy("You cannot flag your own comment; you can edit or delete it instead."),
    ),
)

# Moderation and the record.
register(
    "consultations.moderate",
    gate(is_moderator, gettext_lazy("Only moderators of this process can moderate its consultations.")),
)
register(
    "consultations.view_moderation_log",
    gate(
        is_moderator | is_coordinator,
        gettext_lazy("The moderation log is open to the coordinators and moderators of this process."),
    ),
)
register(
    "consultations.answer_comments",
    gate(~report_is_published, gettext_lazy("The report has been published: its answers can no longer change.")),
    gate(is_coordinator, gettext_lazy("Only coordinators of this process can answer comments.")),
)
# Who publishes; when (once closed) is the consultation's lifecycle
# (Consultation.lifecycle, transition "publish_report").
register(
    "consultations.publish_report",
    gate(
        is_coordinator,
        gettext_lazy("Coordinators of this process publish the report once the consultation has closed."),
    ),
)
register(
    "consultations.view_report",
    gate(
        report_is_published | (is_coordinator & is_closed),
        gettext_lazy("The report becomes public when the coordinators publish it, after the consultation closes."),
    ),
)
