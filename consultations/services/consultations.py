from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import permissions
from core.errors import DomainError
from edp.models import EDP

from ..models import Comment, Consultation, ConsultationItem, ConsultationState, Flag, HelpfulMark, Stance
from ..models.consultation import COUNTER_FIELDS, helix_counter
from ..rules import CONSULT_STAGE

TITLE_MAX = 200
POSITION_MAX = 999


@dataclass(frozen=True)
class ItemSpec:
    """What an item shows: a snapshot of its source at consultation time."""

    title: str
    body: str = ""
    source: models.Model | None = None


def item_spec_from_source(source: Any) -> ItemSpec:
    """Snapshot any object as an item.

    A source may offer ``consultation_item_title()`` / ``consultation_item_body()``;
    otherwise its ``title`` (or ``name``, or ``str()``) and its ``description``
    (or ``summary``, or ``body``) are used.
    """
    if hasattr(source, "consultation_item_title"):
        title = source.consultation_item_title()
    else:
        title = getattr(source, "title", None) or getattr(source, "name", None) or str(source)
    if hasattr(source, "consultation_item_body"):
        body = source.consultation_item_body()
    else:
        body = next(
            (getattr(source, a) for a in ("description", "summary", "body") if getattr(source, a, None)),
            "",
        )
    return ItemSpec(title=str(title)[:TITLE_MAX], body=str(body or ""), source=source)


def _check_dates(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise DomainError(_("The closing date must come after the opening date."), field="closes_at")


def _check_can_consult(actor, edp: EDP) -> None:
    # Only the stage gate of consultations.add_consultation: who opens one is
    # the caller's check (the page requires the whole permission; a plan is
    # sent to consultation under the plans' own permission).
    reason = CONSULT_STAGE.refusal(actor, edp)
    if reason:
        raise DomainError(reason, code="not_allowed")


@transaction.atomic
def consultation_create(
    *,
    edp: EDP,
    actor,
    title: str,
    introduction: str = "",
    opens_at: datetime,
    closes_at: datetime,
    items: Sequence[ItemSpec],
    flag_threshold: int = 3,
) -> Consultation:
    """Open (or schedule) a consultation on ``items``. Refused outside the
    stages that allow consulting and without at least one item."""
    _check_can_consult(actor, edp)
    _check_dates(opens_at, closes_at)
    if not title.strip():
        raise DomainError(_("Give the consultation a title."), field="title")
    if not items:
        raise DomainError(_("A consultation needs at least one item to comment on."), field="items")
    consultation = Consultation.objects.create(
        edp=edp,
        title=title.strip(),
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
        flag_threshold=flag_threshold,
        created_by=actor,
    )
    bulk_create_with_history(
        [
            ConsultationItem(
                consultation=consultation,
                position=i,
                title=spec.title.strip()[:TITLE_MAX],
                body=spec.body,
                source_type=ContentType.objects.get_for_model(spec.source) if spec.source is not None else None,
                source_id=spec.source.pk if spec.source is not None else None,
            )
            for i, spec in enumerate(items, start=1)
        ],
        ConsultationItem,
        default_user=actor,
    )
    return consultation


def consultation_create_from(
    *,
    edp: EDP,
    actor,
    sources: Iterable[Any],
    title: str,
    introduction: str = "",
    opens_at: datetime,
    closes_at: datetime,
    flag_threshold: int = 3,
) -> Consultation:
    """Put objects of another app (candidate specialisations, sections of a
    draft plan...) to consultation, one item per object, in the given order."""
    for source in sources:
        source_edp_id = getattr(source, "edp_id", None)
        if source_edp_id is not None and source_edp_id != edp.pk:
            raise DomainError(_("Every item must belong to this process."), field="items")
    return consultation_create(
        edp=edp,
        actor=actor,
        title=title,
        introduction=introduction,
        opens_at=opens_at,
        closes_at=closes_at,
        flag_threshold=flag_threshold,
        items=[item_spec_from_source(s) for s in sources],
    )


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    actor,
    title: str,
    introduction: str,
    opens_at: datetime,
    closes_at: datetime,
    flag_threshold: int,
) -> Consultation:
    """Change the consultation. Once it has opened its opening date is fixed;
    once it has closed its dates are part of the record and cannot move."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    lifecycle = Consultation.lifecycle
    if lifecycle.is_in(consultation, "ended"):
        raise DomainError(_("This consultation has closed: its dates are part of the record and cannot change."))
    _check_dates(opens_at, closes_at)
    if lifecycle.is_in(consultation, ConsultationState.OPEN):
        if opens_at != consultation.opens_at:
            raise DomainError(_("The consultation is already open: its opening date cannot change."), field="opens_at")
        if closes_at <= timezone.now():
            raise DomainError(_("To end an open consultation now, use “Close early” and say why."), field="closes_at")
    consultation.title = title.strip() or consultation.title
    consultation.introduction = introduction
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    consultation.flag_threshold = flag_threshold
    consultation.save()
    return consultation


@transaction.atomic
def item_update(*, item: ConsultationItem, actor, title: str, body: str, position: int) -> ConsultationItem:
    """Change an item's title, text or place in the list: coordinators, only
    while its consultation is scheduled (``consultations.change_item``, which
    says why not). Locks the consultation row, so the check and the write
    see the same dates as a concurrent change of them. Each change is kept
    in the item's history with who made it."""
    consultation = Consultation.objects.select_for_update().select_related("edp").get(pk=item.consultation_id)
    permissions.require(actor, "consultations.change_item", consultation)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the item a title."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("An item's title can be at most %(max)d characters long; this one has %(n)d.")
            % {"max": TITLE_MAX, "n": len(title)},
            field="title",
        )
    if not 1 <= position <= POSITION_MAX:
        raise DomainError(_("Give a position from 1 to %(max)d.") % {"max": POSITION_MAX}, field="position")
    item = ConsultationItem.objects.select_for_update().get(pk=item.pk)
    item.title, item.body, item.position = title, body.strip(), position
    item._history_user = actor
    item.save(update_fields=["title", "body", "position"])
    return item


@transaction.atomic
def consultation_close_early(*, consultation: Consultation, actor, reason: str) -> Consultation:
    """End an open consultation before its closing date, with a public reason
    (the lifecycle's ``close_early``: open consultations, by its coordinators)."""
    consultation = Consultation.objects.select_for_update().select_related("edp").get(pk=consultation.pk)
    refusal = Consultation.lifecycle.refusal(consultation, "close_early", actor)
    if refusal:
        raise DomainError(refusal, code="transition_refused")
    if not reason.strip():
        raise DomainError(_("Say why the consultation closes early: participants will read it."), field="reason")
    consultation.closed_early_reason = reason.strip()
    Consultation.lifecycle.apply(consultation, "close_early", actor=actor, update_fields=["closed_early_reason"])
    return consultation


@transaction.atomic
def consultation_publish_report(*, consultation: Consultation, actor, summary: str) -> Consultation:
    """Publish the consultation report (the lifecycle's ``publish_report``):
    only once it has closed, as the record must be complete; by its
    coordinators. Publishing freezes the answers."""
    consultation = Consultation.objects.select_for_update().select_related("edp").get(pk=consultation.pk)
    consultation.report_summary = summary
    Consultation.lifecycle.apply(consultation, "publish_report", actor=actor, update_fields=["report_summary"])
    return consultation


@transaction.atomic
def consultation_recount(*, consultation: Consultation) -> None:
    """Rebuild every denormalised counter of a consultation from the rows
    (repair tool, and used after bulk loads such as the demo)."""
    items = list(ConsultationItem.objects.select_for_update().filter(consultation=consultation))
    stance_counts: dict[tuple[int, str], int] = {}
    for row in Stance.objects.filter(item__in=items).values("item_id", "helix", "position").annotate(n=Count("id")):
        for name in (f"{row['position']}_count", helix_counter(row["helix"], row["position"])):
            stance_counts[(row["item_id"], name)] = stance_counts.get((row["item_id"], name), 0) + row["n"]
    visible = {
        row["item_id"]: row["n"]
        for row in Comment.objects.filter(item__in=items, status=Comment.Status.VISIBLE)
        .values("item_id")
        .annotate(n=Count("id"))
    }
    stance_fields = [name for name in COUNTER_FIELDS if name != "comment_count"]
    for item in items:
        for name in stance_fields:
            setattr(item, name, stance_counts.get((item.pk, name), 0))
        item.comment_count = visible.get(item.pk, 0)
    ConsultationItem.objects.bulk_update(items, COUNTER_FIELDS)

    def count_of(queryset, key: str):
        return Coalesce(
            models.Subquery(queryset.values(key).annotate(n=Count("id")).values("n")[:1]),
            0,
        )

    Comment.objects.filter(item__in=items).update(
        helpful_count=count_of(HelpfulMark.objects.filter(comment=models.OuterRef("pk")), "comment"),
        reply_count=count_of(
            Comment.objects.filter(parent=models.OuterRef("pk"), status=Comment.Status.VISIBLE), "parent"
        ),
        flag_count=count_of(Flag.objects.filter(comment=models.OuterRef("pk"), reviewed_at__isnull=True), "comment"),
    )
