"""Putting evaluators on ideas: automatically, by hand, and after a declared
conflict. The planning itself is the pure ``evaluations.assignment``; this
module reads the panel, the conflicts and the current loads, and writes.

Each write locks the EDP's evaluation settings row first, so two
coordinators pressing "assign" at once cannot both fill the same slots."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import permissions
from core.errors import DomainError
from edp.models import EDP, Idea
from edp.workflow import Action, stage_allows

from .. import ideas as idea_data
from .. import notify
from ..assignment import IdeaSlot, Reviewer, Shortfall, plan_assignments
from ..models import Assignment, ConflictOfInterest, EvaluationSettings, EvaluatorCap
from ..rules import ASSIGNING_STAGE, refuse_unless
from .criteria import locked_settings as _locked_settings

REMOVED = "removed"


@dataclass(frozen=True)
class ShortfallReport:
    idea: Idea
    missing: int
    message: str


@dataclass(frozen=True)
class AssignResult:
    created: list[Assignment]
    shortfalls: list[ShortfallReport]


def explain_shortfall(s: Shortfall, *, names: dict[int, str] | None = None, caps: idea_data.Caps | None = None) -> str:
    """Why an idea lacks reviewers, in words a coordinator can act on. With
    ``names`` and ``caps``, evaluators who were eligible but full are named
    with the cap that stopped them."""
    parts = [
        ngettext("%(missing)s evaluator is missing", "%(missing)s evaluators are missing", s.missing)
        % {"missing": s.missing},
    ]
    if s.panel_size == 0:
        parts.append(_("the panel has no evaluators yet: invite some"))
        return "; ".join(parts) + "."
    detail = [
        ngettext("the panel has %(n)s evaluator", "the panel has %(n)s evaluators", s.panel_size) % {"n": s.panel_size}
    ]
    if s.already_assigned:
        detail.append(
            ngettext("%(n)s already assigned", "%(n)s already assigned", s.already_assigned) % {"n": s.already_assigned}
        )
    for reason, count in s.conflicted.items():
        label = _("removed from this idea by a coordinator") if reason == REMOVED else idea_data.conflict_label(reason)
        detail.append(ngettext("%(n)s %(label)s", "%(n)s %(label)s", count) % {"n": count, "label": label})
    if s.at_capacity:
        full = ngettext(
            "%(n)s free of conflict but already holding the most ideas allowed",
            "%(n)s free of conflict but already holding the most ideas allowed",
            s.at_capacity,
        ) % {"n": s.at_capacity}
        if names is not None and caps is not None and s.at_capacity_ids:
            who = ", ".join(f"{names.get(uid, '?')}: {caps.describe(uid)}" for uid in s.at_capacity_ids)
            full = f"{full} ({who})"
        detail.append(full)
    parts.append(", ".join(detail))
    if s.at_capacity:
        parts.append(
            _(
                "raise a cap on the panel page, invite more evaluators (of another organisation) "
                "or assign someone by hand"
            )
        )
    else:
        parts.append(_("invite more evaluators (of another organisation) or assign someone by hand"))
    return "; ".join(parts) + "."


def _check_stage(edp: EDP) -> None:
    refuse_unless(ASSIGNING_STAGE, edp)


def _plan_and_create(*, actor, edp: EDP, settings: EvaluationSettings, ideas: list[Idea]) -> AssignResult:
    members = idea_data.panel(edp)
    all_rows = list(Assignment.objects.filter(edp=edp).values_list("idea_id", "evaluator_id", "status"))
    loads: dict[int, int] = defaultdict(int)
    on_idea: dict[int, set[int]] = defaultdict(set)
    excluded: dict[tuple[int, int], str] = {}
    for idea_id, evaluator_id, status in all_rows:
        if status == Assignment.Status.ACTIVE:
            loads[evaluator_id] += 1
            on_idea[idea_id].add(evaluator_id)
        else:
            excluded[(idea_id, evaluator_id)] = REMOVED
    conflicts = idea_data.conflicts(edp, ideas, members)
    excluded.update(conflicts)  # a conflict explains more than "removed"
    caps = idea_data.caps(edp, settings)
    reviewers = [
        Reviewer(id=m.user_id, helix=m.helix, load=loads[m.user_id], capacity=caps.of(m.user_id)) for m in members
    ]
    slots = [IdeaSlot(id=i.pk, assigned=frozenset(on_idea[i.pk])) for i in ideas]
    plan = plan_assignments(slots, reviewers, per_idea=settings.reviewers_per_idea, conflicts=excluded)
    created = Assignment.objects.bulk_create(
        [
            Assignment(
                edp=edp,
                idea_id=idea_id,
                evaluator_id=evaluator_id,
                source=Assignment.Source.AUTOMATIC,
                assigned_by=actor,
            )
            for idea_id, evaluator_id in plan.pairs
        ]
    )
    by_id = {i.pk: i for i in ideas}
    names = {m.user_id: m.name for m in members}
    shortfalls = [
        ShortfallReport(by_id[s.idea_id], s.missing, explain_shortfall(s, names=names, caps=caps))
        for s in plan.shortfalls
    ]
    notify.assigned(created)
    return AssignResult(created=created, shortfalls=shortfalls)


@transaction.atomic
def assignments_auto(*, actor, edp: EDP) -> AssignResult:
    """Give every submitted idea its evaluators (settings.reviewers_per_idea),
    keeping existing assignments, balancing loads, mixing helices and never
    pairing an evaluator with an idea they are conflicted with."""
    _check_stage(edp)
    settings = _locked_settings(edp)
    ideas = list(idea_data.submitted_ideas(edp))
    if not ideas:
        raise DomainError(_("There are no submitted ideas to assign."), code="no_ideas")
    return _plan_and_create(actor=actor, edp=edp, settings=settings, ideas=ideas)


@transaction.atomic
def assignment_add(*, actor, edp: EDP, idea_id: int, evaluator_id: int) -> Assignment:
    """A coordinator puts an evaluator on an idea by hand. Conflicts are
    refused all the same: a hand-made assignment is no excuse."""
    _check_stage(edp)
    settings = _locked_settings(edp)
    idea = Idea.objects.filter(edp=edp, pk=idea_id, status=Idea.Status.SUBMITTED).first()
    if idea is None:
        raise DomainError(_("This idea is not a submitted idea of this EDP."), field="idea", code="idea")
    member = next((m for m in idea_data.panel(edp) if m.user_id == evaluator_id), None)
    if member is None:
        raise DomainError(_("This person is not on the evaluation panel."), field="evaluator", code="not_panel")
    reason = idea_data.conflicts(edp, [idea], [member]).get((idea.pk, member.user_id))
    if reason:
        raise DomainError(
            _("%(name)s cannot evaluate this idea: they %(reason)s.")
            % {"name": member.name, "reason": idea_data.conflict_label(reason)},
            field="evaluator",
            code="conflict",
        )
    existing = Assignment.objects.select_for_update().filter(idea=idea, evaluator_id=evaluator_id).first()
    if existing and existing.is_active:
        raise DomainError(_("%(name)s is already assigned to this idea.") % {"name": member.name}, code="duplicate")
    caps = idea_data.caps(edp, settings)
    cap = caps.of(evaluator_id)
    if cap is not None:
        load = Assignment.objects.filter(edp=edp, evaluator_id=evaluator_id, status=Assignment.Status.ACTIVE).count()
        if load >= cap:
            raise DomainError(
                ngettext(
                    "%(name)s already holds %(load)s idea, the most allowed for them (%(cap)s). "
                    "Raise their cap on the panel page or choose someone else.",
                    "%(name)s already holds %(load)s ideas, the most allowed for them (%(cap)s). "
                    "Raise their cap on the panel page or choose someone else.",
                    load,
                )
                % {"name": member.name, "load": load, "cap": caps.describe(evaluator_id)},
                field="evaluator",
                code="cap",
            )
    if existing:
        Assignment.lifecycle.apply(existing, "reassign", save=False)
        existing.source = Assignment.Source.MANUAL
        existing.assigned_by = actor
        existing.released_at = None
        existing.release_reason = ""
        existing.save()
        assignment = existing
    else:
        assignment = Assignment.objects.create(
            edp=edp, idea=idea, evaluator_id=evaluator_id, source=Assignment.Source.MANUAL, assigned_by=actor
        )
    notify.assigned([assignment])
    return assignment


def _release(assignment: Assignment, reason: str) -> None:
    Assignment.lifecycle.apply(assignment, "release", save=False)
    assignment.released_at = timezone.now()
    assignment.release_reason = reason
    assignment.save(update_fields=["status", "released_at", "release_reason"])
    # Scores drafted before the release must not linger as if they counted.
    evaluation = getattr(assignment, "evaluation", None)
    if evaluation is not None and not evaluation.is_submitted:
        evaluation.delete()


@transaction.atomic
def assignment_release(*, actor, edp: EDP, assignment_id: int, reason: str) -> Assignment:
    """A coordinator takes an assignment back (before it is submitted)."""
    _locked_settings(edp)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("evaluation")
        .filter(edp=edp, pk=assignment_id)
        .first()
    )
    if assignment is None or not assignment.is_active:
        raise DomainError(_("This assignment does not exist or was already released."), code="missing")
    if hasattr(assignment, "evaluation") and assignment.evaluation.is_submitted:
        raise DomainError(
            _("This evaluation was already submitted; its scores count and it cannot be taken back."),
            code="submitted",
        )
    if not reason.strip():
        raise DomainError(_("Say why the assignment is taken back."), field="reason", code="reason")
    _release(assignment, reason.strip())
    return assignment


@transaction.atomic
def conflict_declare(*, actor, assignment: Assignment, reason: str) -> AssignResult:
    """An evaluator declares a conflict on an idea they were given: the
    assignment is released (drafted scores are discarded) and the idea gets
    another evaluator if the panel allows."""
    permissions.require(actor, "evaluations.declare_conflict", assignment)
    reason = reason.strip()
    if len(reason) < 10:
        raise DomainError(
            _("Explain the conflict in a sentence (at least 10 characters)."), field="reason", code="reason"
        )
    edp = assignment.edp
    settings = _locked_settings(edp)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    permissions.require(actor, "evaluations.declare_conflict", assignment)  # again, under the lock
    ConflictOfInterest.objects.get_or_create(
        edp=edp, idea_id=assignment.idea_id, evaluator=actor, defaults={"reason": reason}
    )
    _release(assignment, _("Conflict of interest declared: %(reason)s") % {"reason": reason})
    if stage_allows(edp.stage, Action.SCORE_IDEAS):
        ideas = list(idea_data.submitted_ideas(edp).filter(pk=assignment.idea_id))
        if ideas:
            return _plan_and_create(actor=None, edp=edp, settings=settings, ideas=ideas)
    return AssignResult(created=[], shortfalls=[])


def assignment_recheck_conflict(*, actor, assignment: Assignment) -> str | None:
    """Conflicts are computed when evaluators are assigned, but people join
    organisations later. Before an evaluator's scores are saved, look again:
    if they now belong to the submitting or a partner organisation (or
    became a co-author), their assignment is released — the draft
    discarded, as for a declared conflict — and the idea handed to another
    evaluator if the panel allows. Returns the refusal to show them, or
    None when they may score (or when the scoring service will refuse for
    another reason: not theirs, already submitted, scoring closed).

    Commits on its own (its caller raises the refusal afterwards), and locks
    the settings row before the assignment, like every assignment write."""
    edp = assignment.edp
    if assignment.evaluator_id != actor.pk or not stage_allows(edp.stage, Action.SCORE_IDEAS):
        return None
    # A new conflict is rare: look without a lock first, so that evaluators'
    # saves do not queue behind the settings row; check again under it.
    if idea_data.conflict_now(edp, assignment.idea, actor.pk) is None:
        return None
    with transaction.atomic():
        settings = _locked_settings(edp)
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("idea", "evaluation")
            .filter(pk=assignment.pk, status=Assignment.Status.ACTIVE)
            .first()
        )
        if assignment is None:
            return None
        evaluation = getattr(assignment, "evaluation", None)
        if evaluation is not None and evaluation.is_submitted:
            return None
        reason = idea_data.conflict_now(edp, assignment.idea, actor.pk)
        if reason is None:
            return None
        label = idea_data.conflict_label(reason)
        _release(
            assignment, _("Conflict of interest found when scoring: the evaluator %(reason)s.") % {"reason": label}
        )
        ideas = list(idea_data.submitted_ideas(edp).filter(pk=assignment.idea_id))
        result = _plan_and_create(actor=None, edp=edp, settings=settings, ideas=ideas) if ideas else None
    if result is not None and result.created:
        return _(
            "You can no longer evaluate this idea: a conflict of interest now exists (the evaluator %(reason)s). "
            "Your draft was discarded and the idea was handed to another evaluator."
        ) % {"reason": label}
    return _(
        "You can no longer evaluate this idea: a conflict of interest now exists (the evaluator %(reason)s). "
        "Your draft was discarded and the coordinator was left to find another evaluator."
    ) % {"reason": label}


@dataclass(frozen=True)
class CapResult:
    cap: int | None  # what now applies to the evaluator (personal, else EDP-wide)
    personal: bool
    load: int  # ideas they hold now


@transaction.atomic
def evaluator_cap_set(*, actor, edp: EDP, evaluator_id: int, max_ideas: int | None) -> CapResult:
    """Set (or with ``None`` remove) a panel member's personal cap. A cap
    below what they already hold is accepted — the coordinator may learn of
    a limit late — but gives them nothing new until they are under it; the
    result says how many they hold so the page can say so."""
    settings = _locked_settings(edp)
    member = next((m for m in idea_data.panel(edp) if m.user_id == evaluator_id), None)
    if member is None:
        raise DomainError(_("This person is not on the evaluation panel."), code="not_panel")
    if max_ideas is not None and not 0 <= max_ideas <= 500:
        raise DomainError(_("A cap is a whole number from 0 to 500."), field="max_ideas", code="range")
    if max_ideas is None:
        EvaluatorCap.objects.filter(edp=edp, evaluator_id=evaluator_id).delete()
    else:
        EvaluatorCap.objects.update_or_create(
            edp=edp, evaluator_id=evaluator_id, defaults={"max_ideas": max_ideas, "set_by": actor}
        )
    load = Assignment.objects.filter(edp=edp, evaluator_id=evaluator_id, status=Assignment.Status.ACTIVE).count()
    return CapResult(
        cap=max_ideas if max_ideas is not None else settings.max_load, personal=max_ideas is not None, load=load
    )
