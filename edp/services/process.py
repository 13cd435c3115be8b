"""Creating an EDP and moving it through its stages."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import permcache
from core.errors import DomainError
from stakeholders.choices import OrganisationKind
from stakeholders.models import Organisation, Region

from ..models import EDP, EDPRole, EDPStage, StageTransition
from ..workflow import STAGE_ORDER, Stage, next_stage, stage_index, unmet_preconditions
from . import events

# How a refusal to enter each stage begins; the reasons follow the colon.
_REFUSAL = {
    Stage.PREPARATION: _("Cannot return to preparation: %(reasons)s"),
    Stage.FORESIGHT: _("Cannot open technological foresight: %(reasons)s"),
    Stage.EVALUATION: _("Cannot start idea evaluation: %(reasons)s"),
    Stage.CONSULTATION: _("Cannot start the public consultation: %(reasons)s"),
    Stage.PRIORITY_SELECTION: _("Cannot start priority selection: %(reasons)s"),
    Stage.ACTION_PLANNING: _("Cannot start action planning: %(reasons)s"),
    Stage.MONITORING: _("Cannot start monitoring: %(reasons)s"),
}

REOPEN_REASON_MIN = 10


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


@transaction.atomic
def edp_create(
    *,
    actor,
    region: Region,
    owner: Organisation,
    title: str,
    slug: str,
    period_start: int,
    period_end: int,
    description: str = "",
    ideas_close_at=None,
) -> EDP:
    """Start an EDP in preparation. The owner must be a verified akimat of
    the same region; periods of one region's EDPs may not overlap (a region
    runs a new EDP years later, not two at once). Every stage gets its row so
    planned dates can be set; the creator, when akimat staff, becomes its
    first coordinator."""
    if owner.kind != OrganisationKind.AKIMAT or owner.region_id != region.pk:
        raise DomainError(gettext("The owner must be the akimat of %(region)s.") % {"region": region}, field="owner")
    if not owner.is_verified:
        raise DomainError(gettext("%(org)s is not verified yet.") % {"org": owner}, field="owner")
    if period_end < period_start:
        raise DomainError(gettext("The period must end in or after the year it starts."), field="period_end")
    clash = (
        EDP.objects.select_for_update()
        .filter(region=region, period_start__lte=period_end, period_end__gte=period_start)
        .first()
    )
    if clash is not None:
        raise DomainError(
            gettext("%(region)s already runs “%(title)s” for %(start)s–%(end)s; choose a period that does not overlap.")
            % {"region": region, "title": clash.title, "start": clash.period_start, "end": clash.period_end},
            field="period_start",
        )
    if EDP.objects.filter(slug=slug).exists():
        raise DomainError(gettext("This public address is already taken."), field="slug")
    now = timezone.now()
    edp = EDP.objects.create(
        region=region,
        owner=owner,
        title=title,
        slug=slug,
        description=description,
        period_start=period_start,
        period_end=period_end,
        ideas_close_at=ideas_close_at,
        created_by=actor,
    )
    EDPStage.objects.bulk_create(
        [EDPStage(edp=edp, stage=s, opened_at=now if s == Stage.PREPARATION else None) for s in STAGE_ORDER]
    )
    StageTransition.objects.create(edp=edp, from_stage="", to_stage=Stage.PREPARATION, actor=actor)
    if owner.memberships.filter(user=actor, status="active").exists():
        EDPRole.objects.get_or_create(
            edp=edp, user=actor, role=EDPRole.Role.COORDINATOR, defaults={"granted_by": actor}
        )
        permcache.forget(actor)
    return edp


@transaction.atomic
def edp_update(*, edp: EDP, actor, **fields) -> EDP:
    """Edit the title, description, period, call deadline or warning threshold."""
    allowed = {"title", "description", "period_start", "period_end", "underrepresented_share", "ideas_close_at"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"edp_update cannot change {sorted(unknown)}")
    edp = EDP.objects.select_for_update().get(pk=edp.pk)
    for name, value in fields.items():
        setattr(edp, name, value)
    if edp.period_end < edp.period_start:
        raise DomainError(gettext("The period must end in or after the year it starts."), field="period_end")
    edp.save()
    return edp


def _lock(edp: EDP) -> EDP:
    return EDP.objects.select_for_update().get(pk=edp.pk)


def _move(*, edp: EDP, actor, to_stage: str, reason: str, reopening: bool) -> StageTransition:
    now = timezone.now()
    from_stage = edp.stage
    EDPStage.objects.filter(edp=edp, stage=from_stage).update(closed_at=now)
    stage_row, _created = EDPStage.objects.get_or_create(edp=edp, stage=to_stage)
    stage_row.opened_at = now
    stage_row.closed_at = None
    stage_row.save(update_fields=["opened_at", "closed_at"])
    edp.stage = to_stage
    edp.save(update_fields=["stage"])
    transition = StageTransition.objects.create(
        edp=edp, from_stage=from_stage, to_stage=to_stage, actor=actor, reason=reason, is_reopening=reopening
    )
    events.stage_changed(edp, actor=actor, from_stage=from_stage, to_stage=to_stage, reopening=reopening)
    return transition


def edp_transition_refusals(edp: EDP, to_stage: str) -> list[str]:
    """Why ``edp`` may not move forward to ``to_stage`` now (empty: it may)."""
    if edp.stage == to_stage:
        return [gettext("the process is already in this stage")]
    if to_stage != next_stage(edp.stage):
        expected = next_stage(edp.stage)
        if expected is None:
            return [gettext("monitoring is the last stage")]
        return [
            gettext("stages follow each other; the next stage after “%(current)s” is “%(next)s”")
            % {"current": _stage_label(edp.stage), "next": _stage_label(expected)}
        ]
    return unmet_preconditions(edp, to_stage)


@transaction.atomic
def edp_transition(*, edp: EDP, actor, to_stage: str, reason: str = "") -> StageTransition:
    """Move the EDP forward to the next stage.

    Locks the EDP row so two coordinators clicking at once cannot both move
    it; runs every precondition registered for the target stage and refuses
    with all their reasons."""
    edp = _lock(edp)
    refusals = edp_transition_refusals(edp, to_stage)
    if refusals:
        raise DomainError(str(_REFUSAL[to_stage]) % {"reasons": "; ".join(refusals)}, code="precondition")
    return _move(edp=edp, actor=actor, to_stage=to_stage, reason=reason.strip(), reopening=False)


@transaction.atomic
def edp_reopen(*, edp: EDP, actor, to_stage: str, reason: str) -> StageTransition:
    """Go back to an earlier stage. A written reason is required: it is shown
    on the public timeline, because reopening changes what participants may
    do (e.g. submit ideas again)."""
    edp = _lock(edp)
    reason = (reason or "").strip()
    if to_stage not in STAGE_ORDER or stage_index(to_stage) >= stage_index(edp.stage):
        raise DomainError(
            gettext("Only an earlier stage can be reopened; the process is in “%(current)s”.")
            % {"current": _stage_label(edp.stage)},
            field="to_stage",
        )
    if len(reason) < REOPEN_REASON_MIN:
        raise DomainError(
            gettext("Write why the stage is reopened (at least %(n)s characters): everyone sees it on the timeline.")
            % {"n": REOPEN_REASON_MIN},
            field="reason",
        )
    return _move(edp=edp, actor=actor, to_stage=to_stage, reason=reason, reopening=True)


@transaction.atomic
def edp_stage_plan(*, edp: EDP, actor, stage: str, planned_start: date | None, planned_end: date | None) -> EDPStage:
    if planned_start and planned_end and planned_end < planned_start:
        raise DomainError(gettext("A stage cannot end before it starts."), field="planned_end")
    row, _created = EDPStage.objects.get_or_create(edp=edp, stage=stage)
    row.planned_start = planned_start
    row.planned_end = planned_end
    row.save(update_fields=["planned_start", "planned_end"])
    return row
