"""The declared lifecycles of a consultation and of a comment.

A **consultation**'s state is not stored: it follows from its dates and two
recorded facts (``Consultation.state_at``, mirrored in SQL by
``ConsultationQuerySet.with_state``). Scheduled → open → closed happen on
time, without anyone acting and without a scheduler; the moves people make
are transitions that record a fact: closing early (``closed_early_at`` and a
public reason) and publishing the report (``report_published_at``, by whom).
There is no reopening: a closed consultation is part of the record.

A **comment**'s moderation status is stored: shown, hidden pending review
(after enough flags), hidden by a moderator, deleted by its author.

Both say why a transition cannot start from the current state in the
domain's words ("The report has already been published.") rather than
"This cannot be done at the status …".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.lifecycle import Lifecycle, Transition, register

from .models.consultation import Consultation, ConsultationState
from .models.participation import Comment


@dataclass(frozen=True)
class ExplainedLifecycle(Lifecycle):
    """A lifecycle that explains a refusal by state in its own words
    (``explain(obj, transition name) -> reason``), and whose transitions may
    record facts instead of setting a field (``records[name](obj, actor) ->
    the fields written``), for a state derived from those facts."""

    explain: Callable[[Any, str], Any] | None = None
    records: Mapping[str, Callable[[Any, Any], Iterable[str]]] = dataclass_field(default_factory=dict)

    def refusal(self, obj: Any, name: str, user: Any = None) -> str | None:
        if self.explain is not None and self.state(obj) not in self.transition(name).sources:
            reason = self.explain(obj, name)
            if reason:
                return str(reason)
        return super().refusal(obj, name, user)

    def apply(
        self, obj: Any, name: str, *, actor: Any = None, save: bool = True, update_fields: Iterable[str] = ()
    ) -> str:
        record = self.records.get(name)
        if record is None:
            return super().apply(obj, name, actor=actor, save=save, update_fields=update_fields)
        reason = self.refusal(obj, name, actor)
        if reason:
            raise DomainError(reason, code="transition_refused")
        previous = self.state(obj)
        written = list(record(obj, actor))
        if save:
            obj.save(update_fields=[*written, *update_fields])
        return previous


# --- Consultation ---------------------------------------------------------------
def _explain_consultation(consultation: Consultation, name: str) -> str | None:
    from .rules import window_message

    if name == "close_early":
        return _("Only an open consultation can be closed early.") + " " + window_message(consultation)
    if name == "publish_report":
        if consultation.report_published_at is not None:
            return _("The report has already been published.")
        return _("The report can be published once the consultation has closed (it closes on %(date)s).") % {
            "date": date_format(timezone.localtime(consultation.effective_closes_at), "DATETIME_FORMAT")
        }
    return None


def _record_close(consultation: Consultation, actor) -> list[str]:
    consultation.closed_early_at = timezone.now()
    return ["closed_early_at"]


def _record_publication(consultation: Consultation, actor) -> list[str]:
    consultation.report_published_at = timezone.now()
    consultation.report_published_by = actor
    return ["report_published_at", "report_published_by"]


Consultation.lifecycle = register(
    ExplainedLifecycle(
        name="consultation",
        field="state",  # derived (Consultation.state_at): transitions record facts, see records
        states=ConsultationState,
        transitions=(
            Transition(
                "close_early",
                frozenset({ConsultationState.OPEN}),
                ConsultationState.CLOSED,
                gettext_lazy("Close early"),
                permission="consultations.change_consultation",
            ),
            Transition(
                "publish_report",
                frozenset({ConsultationState.CLOSED}),
                ConsultationState.REPORT_PUBLISHED,
                gettext_lazy("Publish the report"),
                permission="consultations.publish_report",
            ),
        ),
        groups={
            "running": frozenset({ConsultationState.SCHEDULED, ConsultationState.OPEN}),
            "ended": frozenset({ConsultationState.CLOSED, ConsultationState.REPORT_PUBLISHED}),
        },
        explain=_explain_consultation,
        records={"close_early": _record_close, "publish_report": _record_publication},
    )
)


# --- Comment ----------------------------------------------------------------------
S = Comment.Status


def _explain_comment(comment: Comment, name: str) -> str | None:
    if comment.status == S.DELETED:
        return (
            _("This comment has already been deleted.")
            if name == "delete"
            else _("This comment has been deleted by its author.")
        )
    if name == "hide":
        return _("This comment is already hidden.")
    if name == "restore":
        return _("This comment is shown: there is nothing to restore.")
    if name == "dismiss_flags":
        return _("This comment is hidden: restore it to keep it, which also dismisses its flags.")
    return None


def _has_flags(comment: Comment) -> str | None:
    return None if comment.flag_count > 0 else _("This comment is shown and has no flags to review.")


def _reached_flag_threshold(comment: Comment) -> str | None:
    if comment.flag_count >= comment.item.consultation.flag_threshold:
        return None
    return _("Fewer people flagged this comment than the consultation's threshold.")


Comment.lifecycle = register(
    ExplainedLifecycle(
        name="comment",
        field="status",
        states=S,
        transitions=(
            Transition(
                "hide",
                frozenset({S.VISIBLE, S.PENDING_REVIEW}),
                S.HIDDEN,
                gettext_lazy("Hide"),
                permission="consultations.moderate",
            ),
            Transition(
                "restore",
                frozenset({S.PENDING_REVIEW, S.HIDDEN}),
                S.VISIBLE,
                gettext_lazy("Restore"),
                permission="consultations.moderate",
            ),
            # Keep a flagged comment: it stays shown, its flags count as reviewed.
            Transition(
                "dismiss_flags",
                frozenset({S.VISIBLE}),
                S.VISIBLE,
                gettext_lazy("Dismiss flags"),
                permission="consultations.moderate",
                guards=(_has_flags,),
            ),
            # The platform's own move, when enough people flagged it.
            Transition(
                "auto_hide",
                frozenset({S.VISIBLE}),
                S.PENDING_REVIEW,
                gettext_lazy("Hide pending review"),
                guards=(_reached_flag_threshold,),
            ),
            Transition(
                "delete",
                frozenset({S.VISIBLE, S.PENDING_REVIEW, S.HIDDEN}),
                S.DELETED,
                gettext_lazy("Delete"),
                permission="consultations.delete_comment",
            ),
        ),
        groups={
            "hidden": frozenset({S.PENDING_REVIEW, S.HIDDEN}),
            # Still in the thread with its text (to moderators at least): not deleted.
            "present": frozenset({S.VISIBLE, S.PENDING_REVIEW, S.HIDDEN}),
        },
        explain=_explain_comment,
    )
)
