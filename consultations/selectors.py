"""Reads shared by pages and the API. Every list here runs a fixed number of
queries whatever the number of rows: counters are denormalised, related rows
come through select_related/prefetch_related."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum

from stakeholders.choices import Helix

from .models import Answer, Comment, Consultation, ConsultationItem, Flag, HelpfulMark, ModerationAction, Stance

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


def item_with_my_stance(pk: int, user) -> ConsultationItem:
    """The item and, in the same query, the person's stance on it
    (``item.my_stance``: a Stance with id and position, or None)."""
    mine = Stance.objects.filter(item=OuterRef("pk"), user=user)
    item = (
        ConsultationItem.objects.select_related("consultation__edp__region")
        .annotate(my_stance_id=Subquery(mine.values("pk")[:1]), my_position=Subquery(mine.values("position")[:1]))
        .get(pk=pk)
    )
    item.my_stance = (
        Stance(pk=item.my_stance_id, item=item, user=user, position=item.my_position) if item.my_stance_id else None
    )
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
    """One batch of top-level comments with their replies and answers, plus
    which of them the person marked helpful or flagged: six queries."""
    order = ("-helpful_count", "-created_at", "-id") if sort == Sort.HELPFUL else ("-created_at", "-id")
    offset = max(0, offset)
    qs = (
        _comment_queryset()
        .filter(item=item, parent__isnull=True)
        .order_by(*order)
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=_comment_queryset().order_by("created_at", "id").prefetch_related(_answers_prefetch()),
            ),
            _answers_prefetch(),
        )
    )
    comments = list(qs[offset : offset + limit + 1])
    has_more = len(comments) > limit
    comments = comments[:limit]
    for comment in comments:
        # Permission predicates read comment.item.consultation: share the
        # already-loaded item instead of one query per comment.
        comment.item = item
        for reply in comment.replies.all():
            reply.item = item
    batch = CommentBatch(comments=comments, has_more=has_more, next_offset=offset + limit)
    if user and user.is_authenticated and comments:
        ids = [c.pk for c in comments] + [r.pk for c in comments for r in c.replies.all()]
        batch.helpful_ids = set(
            HelpfulMark.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", flat=True)
        )
        batch.flagged_ids = set(Flag.objects.filter(user=user, comment_id__in=ids).values_list("comment_id", flat=True))
    return batch


def _answers_prefetch() -> Prefetch:
    return Prefetch("answers", queryset=Answer.objects.order_by("created_at"))


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
