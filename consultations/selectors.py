"""Reads shared by pages and the API. Every list here runs a fixed number of
queries whatever the number of rows: counters are denormalised, related rows
come through select_related/prefetch_related."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from stakeholders.choices import Helix
from stakeholders.rules import remember_verified

from . import rules
from .models import (
    Answer,
    Comment,
    CommentingBlock,
    Consultation,
    ConsultationItem,
    Flag,
    HearingLink,
    HelpfulMark,
    ModerationAction,
    Stance,
)

COMMENT_BATCH = 20


class Sort:
    NEWEST = "newest"
    HELPFUL = "helpful"
    CHOICES = (NEWEST, HELPFUL)


def consultation_list(*, edp=None, state: str | None = None) -> QuerySet[Consultation]:
    qs = Consultation.objects.with_state().select_related("edp__region").annotate(item_total=Count("items"))
    if edp is not None:
        qs = qs.filter(edp=edp)
    if state:
        qs = qs.filter(current_state=state)
    return qs.order_by("-opens_at", "-id")


def consultation_get(pk: int) -> Consultation:
    return Consultation.objects.select_related("edp__region").get(pk=pk)


def consultation_items(consultation: Consultation) -> list[ConsultationItem]:
    return list(consultation.items.order_by("position", "id"))


def item_get(pk: int) -> ConsultationItem:
    return ConsultationItem.objects.select_related("consultation__edp__region").get(pk=pk)


def item_history(item: ConsultationItem, limit: int = 20) -> list:
    """The item's recorded versions, newest first, with who saved each."""
    return list(item.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit])


def item_for_viewer(pk: int, user, *, page: bool = True) -> ConsultationItem:
    """The item with its consultation and, in the same query, what the page
    and the permission checks need to know about the person reading it:
    their stance (``item.my_stance``: a Stance with id, position and helix,
    or None), whether their email is verified, whether a moderator has
    paused their commenting and whether the rate limit holds them. The last
    three are handed to the modules that own those facts
    (``stakeholders.rules.remember_verified``, ``rules.remember_no_block``,
    ``rules.remember_rate_limit``), so that checking permissions costs no
    query.

    ``page=False`` (taking a stance): without the EDP, the commenting block
    and the rate limit, which only the page and commenting need."""
    qs = ConsultationItem.objects.select_related("consultation__edp" if page else "consultation")
    if not (user and user.is_authenticated):
        item = qs.get(pk=pk)
        item.my_stance = None
        return item
    # The person's stance by a join (one stance per person and item: at most one row).
    qs = qs.annotate(
        mine=FilteredRelation("stances", condition=Q(stances__user=user)),
        my_stance_id=F("mine__id"),
        my_position=F("mine__position"),
        my_helix=F("mine__helix"),
        viewer_verified=Exists(EmailAddress.objects.filter(user=user, verified=True)),
    )
    if page:
        block = CommentingBlock.objects.filter(
            consultation=OuterRef("consultation_id"), user=user, until__gt=timezone.now(), lifted_at__isnull=True
        )
        qs = qs.annotate(viewer_blocked=Exists(block), viewer_tenth_latest=rules.rate_limit_subquery(user))
    item = qs.get(pk=pk)
    item.my_stance = (
        Stance(pk=item.my_stance_id, item=item, user=user, position=item.my_position, helix=item.my_helix)
        if item.my_stance_id
        else None
    )
    remember_verified(user, item.viewer_verified)
    if page:
        if not item.viewer_blocked:
            # A block is rare: when there is one, rules.active_block reads it (and its reason).
            rules.remember_no_block(user, item.consultation_id)
        rules.remember_rate_limit(user, item.viewer_tenth_latest)
    return item


def stance_by_helix(items) -> dict[int, dict[str, dict[str, int]]]:
    """{item_id: {helix: {position: n}}} for the given items, in one query."""
    result: dict[int, dict[str, dict[str, int]]] = {}
    rows = (
        Stance.objects.filter(item__in=items).values("item_id", "helix", "position").annotate(n=Count("id")).order_by()
    )
    for row in rows:
        result.setdefault(row["item_id"], {}).setdefault(row["helix"], {})[row["position"]] = row["n"]
    return result


def helix_chart(by_helix: dict[str, dict[str, int]]) -> dict:
    """Chart.js-ready data (labels, one dataset per position) plus rows for
    the table that carries the same numbers for people who do not read charts."""
    positions = list(Stance.Position)
    rows = []
    for helix in Helix:
        counts = by_helix.get(helix.value, {})
        rows.append(
            {
                "helix": helix.value,
                "label": str(helix.label),
                "counts": [counts.get(p.value, 0) for p in positions],
                "total": sum(counts.values()),
            }
        )
    return {
        "labels": [r["label"] for r in rows],
        "datasets": [
            {"label": str(p.label), "key": p.value, "data": [r["counts"][i] for r in rows]}
            for i, p in enumerate(positions)
        ],
        "rows": rows,
        "positions": [str(p.label) for p in positions],
    }


def items_about(source) -> list[ConsultationItem]:
    """The items that put ``source`` (e.g. a candidate specialisation) to the
    public, in every consultation that did, newest consultation first."""
    source_type = ContentType.objects.get_for_model(source)
    return list(
        ConsultationItem.objects.filter(source_type=source_type, source_id=source.pk)
        .select_related("consultation")
        .order_by("-consultation__opens_at", "id")
    )


def stance_totals_about(model, ids) -> dict[int, dict[str, int]]:
    """{source id: {position: n}} over every item whose source is one of the
    ``model`` rows ``ids``, from the denormalised counters: one query."""
    rows = (
        ConsultationItem.objects.filter(source_type=ContentType.objects.get_for_model(model), source_id__in=list(ids))
        .values("source_id")
        .annotate(support=Sum("support_count"), neutral=Sum("neutral_count"), oppose=Sum("oppose_count"))
        .order_by()
    )
    return {row["source_id"]: {p.value: row[p.value] or 0 for p in Stance.Position} for row in rows}


def most_helpful_comments(items, *, limit: int = 5) -> list[Comment]:
    """The most helpful visible comments (replies included) on ``items``.
    Hidden, pending-review and deleted comments never appear: this list is
    shown far from the moderation tools."""
    return list(
        _comment_queryset()
        .filter(item__in=items, status=Comment.Status.VISIBLE)
        .select_related("item")
        .order_by("-helpful_count", "-created_at", "-id")[:limit]
    )


def user_stances(user, items) -> dict[int, str]:
    if not (user and user.is_authenticated):
        return {}
    return dict(Stance.objects.filter(user=user, item__in=items).values_list("item_id", "position"))


def _comment_queryset() -> QuerySet[Comment]:
    return Comment.objects.select_related("author", "author_region")


@dataclass
class CommentBatch:
    comments: list[Comment]
    has_more: bool
    next_offset: int
    helpful_ids: set[int] = field(default_factory=set)
    flagged_ids: set[int] = field(default_factory=set)


def item_comments(
    *, item: ConsultationItem, user, sort: str = Sort.NEWEST, offset: int = 0, limit: int = COMMENT_BATCH
) -> CommentBatch:
    """One batch of top-level comments with their replies, whether the person
    marked each helpful or flagged it, and the answers given to them.

    One query whatever the number of comments: the batch's top-level ids are
    a subquery (on the index of the sort order), and every comment of those
    threads is found through the index on its thread (``Comment.thread``: its
    own id, or its parent's). A second query reads answers only when a
    comment of the batch has one. Each comment gets ``thread_replies`` (oldest
    first) and ``thread_answers``."""
    order = ("-helpful_count", "-created_at", "-id") if sort == Sort.HELPFUL else ("-created_at", "-id")
    offset = max(0, offset)
    page = (
        Comment.objects.filter(item=item, parent__isnull=True)
        .order_by(*order)
        .values("pk")[offset : offset + limit + 1]
    )
    qs = _comment_queryset().annotate(thread=Comment.THREAD).filter(thread__in=page)
    qs = qs.annotate(has_answers=Exists(Answer.comments.through.objects.filter(comment_id=OuterRef("pk"))))
    personal = bool(user and user.is_authenticated)
    if personal:
        qs = qs.annotate(
            is_marked=Exists(HelpfulMark.objects.filter(user=user, comment_id=OuterRef("pk"))),
            is_flagged=Exists(Flag.objects.filter(user=user, comment_id=OuterRef("pk"))),
        )
    tops, replies = [], {}
    rows = list(qs)
    for comment in rows:
        # Permission predicates read comment.item.consultation: share the
        # already-loaded item instead of one query per comment.
        comment.item = item
        comment.thread_replies = []
        comment.thread_answers = []
        if comment.parent_id is None:
            tops.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    if sort == Sort.HELPFUL:
        tops.sort(key=lambda c: (c.helpful_count, c.created_at, c.pk), reverse=True)
    else:
        tops.sort(key=lambda c: (c.created_at, c.pk), reverse=True)
    has_more = len(tops) > limit
    tops = tops[:limit]
    for comment in tops:
        comment.thread_replies = sorted(replies.get(comment.pk, ()), key=lambda c: (c.created_at, c.pk))
    batch = CommentBatch(comments=tops, has_more=has_more, next_offset=offset + limit)
    shown = [c for top in tops for c in (top, *top.thread_replies)]
    if personal:
        batch.helpful_ids = {c.pk for c in shown if c.is_marked}
        batch.flagged_ids = {c.pk for c in shown if c.is_flagged}
    answered = {c.pk: c for c in shown if c.has_answers}
    if answered:
        links = (
            Answer.comments.through.objects.filter(comment_id__in=answered)
            .select_related("answer")
            .order_by("answer__created_at", "answer_id")
        )
        for link in links:
            answered[link.comment_id].thread_answers.append(link.answer)
    return batch


def comment_get(pk: int) -> Comment:
    return Comment.objects.select_related("item__consultation__edp", "author", "author_region").get(pk=pk)


def moderation_queue(consultation: Consultation) -> QuerySet[Comment]:
    """Comments waiting for a moderator: flagged and not yet reviewed, or
    hidden pending review. Oldest first, so nothing waits forever."""
    return (
        _comment_queryset()
        .filter(item__consultation=consultation, flag_count__gt=0)
        .exclude(status=Comment.Status.DELETED)
        .select_related("item")
        .prefetch_related(
            Prefetch("flags", queryset=Flag.objects.filter(reviewed_at__isnull=True).order_by("created_at"))
        )
        .order_by("created_at", "id")
    )


def moderation_log(consultation: Consultation) -> QuerySet[ModerationAction]:
    return consultation.moderation_actions.select_related("actor", "target_user", "comment").order_by(
        "-created_at", "-id"
    )


def answers_of(consultation: Consultation) -> QuerySet[Answer]:
    return (
        consultation.answers.select_related("item")
        .prefetch_related(Prefetch("comments", queryset=_comment_queryset().order_by("created_at")))
        .order_by("item__position", "item_id", "created_at", "id")
    )


def hearings_of(consultation: Consultation) -> list:
    """Attached public hearings with their meetings (minutes shown once published)."""
    return list(consultation.hearings.select_related("meeting__edp").order_by("meeting__starts_at", "id"))


def attachable_hearings(consultation: Consultation):
    from edp.models import Meeting

    return (
        Meeting.objects.filter(edp=consultation.edp, kind=Meeting.Kind.PUBLIC_HEARING)
        .exclude(consultation_links__consultation=consultation)
        .order_by("starts_at")
    )


def answer_get(pk: int) -> Answer:
    return Answer.objects.select_related("consultation__edp", "item").get(pk=pk)


def hearing_link_get(pk: int) -> HearingLink:
    return HearingLink.objects.select_related("consultation__edp").get(pk=pk)


def block_get(pk: int) -> CommentingBlock:
    return CommentingBlock.objects.select_related("consultation__edp").get(pk=pk)


def blocks_in_force(consultation: Consultation) -> QuerySet[CommentingBlock]:
    return (
        CommentingBlock.objects.filter(consultation=consultation, lifted_at__isnull=True, until__gt=timezone.now())
        .select_related("user")
        .order_by("-until")
    )


def comment_flags(comment: Comment) -> QuerySet[Flag]:
    return comment.flags.select_related("user").order_by("-created_at")


def comments_of(
    *, consultation: Consultation | None = None, item: ConsultationItem | None = None, ids
) -> list[Comment]:
    """The comments among ``ids`` (numbers typed or sent by the browser) that
    belong to ``item`` or ``consultation``: numbers of other items or
    processes are simply not found."""
    qs = Comment.objects.filter(pk__in=list(ids)).select_related("item").order_by("pk")
    if item is not None:
        qs = qs.filter(item=item)
    elif consultation is not None:
        qs = qs.filter(item__consultation=consultation)
    else:
        return []
    return list(qs)


def answer_count(consultation: Consultation) -> int:
    return consultation.answers.count()
