"""Taking part: stances, comments, replies, helpful marks.

Counters on items and comments are changed with ``F()`` expressions inside
the transaction that writes the row, after locking the parent row, so that
concurrent submissions serialise on the parent and the counters always equal
the row counts. Uniqueness (one stance, one helpful mark per person) is a
database constraint: the lock makes the check-then-insert safe on
PostgreSQL, the constraint is the last word everywhere.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permcache, permissions
from core.errors import DomainError
from core.markdown import render_markdown
from notifications.services import notification_emit

from .. import events, rules
from ..models import Comment, ConsultationItem, HelpfulMark, Stance
from ..models.consultation import helix_counter
from ..models.participation import COMMENT_MAX_LENGTH

COMMENT_MIN_LENGTH = 2


def _lock_item(item: ConsultationItem) -> ConsultationItem:
    # of=("self",): lock the item row only, not its consultation and EDP rows.
    return ConsultationItem.objects.select_for_update(of=("self",)).select_related("consultation__edp").get(pk=item.pk)


class _Conflict(Exception):
    """A concurrent request changed the row we read: retry from the start."""


WRITE_ATTEMPTS = 5


def stance_set(*, item: ConsultationItem, user, position: str | None) -> Stance | None:
    """Take, change or (with ``position=None``) withdraw a stance.

    One stance per person per item is the database's unique constraint.
    Writes are optimistic: the insert is arbitrated by the constraint, a
    change or withdrawal only applies to the position that was read, and the
    item's counters (totals and by helix) move in the same transaction; when
    a concurrent request wins, nothing is written and the write is retried
    from a fresh read. No row is locked before writing. On PostgreSQL the
    stance row and the counters are written by a single statement (see
    ``_stance_write_pg``). ``item`` is expected as freshly loaded with its
    consultation (as views load it): its window is checked on that.
    """
    if position is not None and position not in Stance.Position.values:
        raise DomainError(_("Choose support, neutral or oppose."), field="position")
    permissions.require(user, "consultations.take_stance", item)
    # The view may have read the person's stance with the item (one query
    # less); a stale read only costs a retry, as the writes check what they read.
    existing = getattr(item, "my_stance", _UNKNOWN)
    if connection.vendor == "postgresql":
        # ON CONFLICT arbitrates a racing insert (a _Conflict); an
        # IntegrityError there is a real fault, not a race: let it through.
        write, races = _stance_write_pg, (_Conflict,)
    else:
        write, races = _stance_write, (IntegrityError, _Conflict)
    for _attempt in range(WRITE_ATTEMPTS):
        if existing is _UNKNOWN:
            existing = Stance.objects.filter(item=item, user=user).only("pk", "position", "helix").first()
        try:
            return write(item, user, position, existing)
        except races:
            existing = _UNKNOWN
    raise DomainError(_("Several changes to your stance arrived at once; please try again."))


_UNKNOWN = object()


def _stance_deltas(existing: Stance | None, position: str | None, helix: str) -> dict[str, int]:
    """The counter changes (total and by helix) when ``existing`` becomes ``position``."""
    deltas: dict[str, int] = {}
    if existing is not None:
        for name in (f"{existing.position}_count", helix_counter(existing.helix, existing.position)):
            deltas[name] = deltas.get(name, 0) - 1
    if position is not None:
        for name in (f"{position}_count", helix_counter(helix, position)):
            deltas[name] = deltas.get(name, 0) + 1
    return {name: d for name, d in deltas.items() if d}


def _stance_write(item: ConsultationItem, user, position: str | None, existing: Stance | None) -> Stance | None:
    """Portable version: the stance row and the counters in one transaction."""
    if existing is not None and existing.position == position:
        return existing
    helix = existing.helix if existing is not None else user.effective_helix
    with transaction.atomic():
        if existing is None:
            if position is None:
                return None
            stance = Stance.objects.create(
                item=item, user=user, position=position, helix=helix, region_id=user.region_id
            )
        else:
            same_as_read = Stance.objects.filter(pk=existing.pk, position=existing.position)
            if position is None:
                changed = same_as_read.delete()[0]
                stance = None
            else:
                changed = same_as_read.update(position=position, updated_at=timezone.now())
                stance = Stance(pk=existing.pk, item=item, user=user, position=position, helix=helix)
            if not changed:
                raise _Conflict
        deltas = _stance_deltas(existing, position, helix)
        ConsultationItem.objects.filter(pk=item.pk).update(**{name: F(name) + d for name, d in deltas.items()})
    return stance


def _stance_write_pg(item: ConsultationItem, user, position: str | None, existing: Stance | None) -> Stance | None:
    """PostgreSQL: one statement, so one round trip and no explicit
    transaction. The stance's INSERT (``ON CONFLICT DO NOTHING``: the unique
    constraint arbitrates), UPDATE or DELETE runs in a data-modifying WITH,
    guarded like the portable version (only the position that was read is
    changed), and the counters move only if it wrote a row. Both happen
    atomically in the statement; no row returned means another request won,
    and the caller retries."""
    if existing is not None and existing.position == position:
        return existing
    if existing is None and position is None:
        return None
    helix = existing.helix if existing is not None else user.effective_helix
    # Only identifiers are interpolated (table names from the models, counter
    # names from the choices, all quoted); every value is a parameter.
    qn = connection.ops.quote_name
    stance_table, item_table = qn(Stance._meta.db_table), qn(ConsultationItem._meta.db_table)
    now = timezone.now()
    if existing is None:
        write = (
            f"INSERT INTO {stance_table} (item_id, user_id, position, helix, region_id, created_at, updated_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (item_id, user_id) DO NOTHING RETURNING id"
        )
        params = [item.pk, user.pk, position, helix, user.region_id, now, now]
    elif position is None:
        write = f"DELETE FROM {stance_table} WHERE id = %s AND position = %s RETURNING id"  # noqa: S608
        params = [existing.pk, existing.position]
    else:
        write = f"UPDATE {stance_table} SET position = %s, updated_at = %s WHERE id = %s AND position = %s RETURNING id"  # noqa: S608
        params = [position, now, existing.pk, existing.position]
    deltas = _stance_deltas(existing, position, helix)
    sets = ", ".join(f"{qn(name)} = {qn(name)} + %s" for name in deltas)
    sql = (
        f"WITH written AS ({write}) UPDATE {item_table} SET {sets} "  # noqa: S608
        "WHERE id = %s AND EXISTS (SELECT 1 FROM written) RETURNING (SELECT id FROM written)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *deltas.values(), item.pk])
        row = cursor.fetchone()
    if row is None:
        raise _Conflict
    if position is None:
        return None
    return Stance(pk=row[0], item=item, user=user, position=position, helix=helix, region_id=user.region_id)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < COMMENT_MIN_LENGTH:
        raise DomainError(_("Write your comment first."), field="body")
    if len(body) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("A comment can be at most %(max)d characters long; this one has %(n)d.")
            % {"max": COMMENT_MAX_LENGTH, "n": len(body)},
            field="body",
        )
    return body


def _check_rate_limit(author, item: ConsultationItem) -> None:
    """The last gate of ``consultations.add_comment`` (the page shows the
    same words instead of the form), raised here next to the comment's text."""
    rules.reread_rate_limit(author)
    if rules.comment_wait_seconds(author):
        decision = permissions.check(author, "consultations.add_comment", item)
        raise DomainError(decision.reason, field="body", code="rate_limited")


@transaction.atomic
def comment_create(
    *,
    item: ConsultationItem,
    author,
    body: str,
    parent: Comment | None = None,
    show_as_resident: bool = False,
) -> Comment:
    """Comment on an item or reply to a comment. Threads are two levels deep:
    a reply to a reply joins the same thread. Refused outside the window,
    while blocked, past the rate limit, or beyond the length limit."""
    body = _clean_body(body)
    item = _lock_item(item)
    permissions.require(author, "consultations.comment", item)
    if parent is not None:
        if parent.item_id != item.pk:
            raise DomainError(_("You can only reply to a comment on the same item."))
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
        if not Comment.lifecycle.is_in(parent, Comment.Status.VISIBLE):
            raise DomainError(_("This comment is no longer shown, so it cannot be replied to."))
    _check_rate_limit(author, item)
    if show_as_resident and author.region_id is None:
        raise DomainError(
            _("To appear as a resident of your region, first set your region of residence in your profile."),
            field="show_as_resident",
        )
    comment = Comment.objects.create(
        item=item,
        parent=parent,
        author=author,
        body=body,
        body_html=render_markdown(body),
        show_as_resident=show_as_resident,
        author_helix=author.effective_helix,
        author_region_id=author.region_id,
    )
    ConsultationItem.objects.filter(pk=item.pk).update(comment_count=F("comment_count") + 1)
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
        if parent.author_id != author.pk:
            notification_emit(event=events.REPLY_POSTED, target=comment, actor=author)
    # The rate limit counts this comment from now on.
    permcache.forget(author)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    """Authors may correct their comment for 15 minutes while the
    consultation is open; after that it is part of the record."""
    body = _clean_body(body)
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("item__consultation__edp").get(pk=comment.pk)
    )
    permissions.require(user, "consultations.change_comment", comment)
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> Comment:
    """The author withdraws a comment: its text goes, its place in the thread
    (and the replies under it) stay, shown as "deleted by its author"."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    was_visible = Comment.lifecycle.is_in(comment, Comment.Status.VISIBLE)
    comment.body = ""
    comment.body_html = ""
    # Refused (and nothing saved) when it is not the author's or already deleted.
    Comment.lifecycle.apply(comment, "delete", actor=user, update_fields=["body", "body_html"])
    if was_visible:
        _count_visibility_change(comment, -1)
    return comment


def _count_visibility_change(comment: Comment, delta: int) -> None:
    """A comment entered (+1) or left (-1) the visible set."""
    ConsultationItem.objects.filter(pk=comment.item_id).update(comment_count=F("comment_count") + delta)
    if comment.parent_id:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + delta)


@transaction.atomic
def helpful_mark_set(*, comment: Comment, user, helpful: bool) -> bool:
    """Mark (or unmark) a comment as helpful; returns whether the person now
    marks it. One mark per person per comment is the database's unique
    constraint: a concurrent duplicate insert fails inside its savepoint and
    leaves the counter alone; only a delete that removed a row decrements."""
    permissions.require(user, "consultations.mark_helpful", comment)
    if helpful:
        try:
            with transaction.atomic():
                HelpfulMark.objects.create(comment=comment, user=user)
        except IntegrityError:
            return True
        Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") + 1)
    elif HelpfulMark.objects.filter(comment=comment, user=user).delete()[0]:
        Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") - 1)
    return helpful
