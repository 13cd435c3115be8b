"""Opinions of a council and the answers to its recommendations ("you
said, we did" for councils). A plan version with a recommendation still
unanswered cannot be adopted (councils.guards)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError
from core.permissions import require

from .. import subjects
from ..choices import Answer, Position
from ..models import Council, Opinion, Recommendation
from . import events

MAX_RECOMMENDATIONS = 30


def _subject_check(council: Council, subject) -> subjects.SubjectKind:
    kind = subjects.kind_of(subject)
    if kind is None or not kind.candidates(council).filter(pk=subject.pk).exists():
        raise DomainError(
            gettext("The council gives opinions on drafts of its own region that are still open to change."),
            field="subject",
        )
    return kind


@transaction.atomic
def opinion_request(*, council: Council, actor, subject, due_on: date | None = None) -> Opinion:
    """A coordinator asks the council for its opinion on a draft (this
    version of it), by ``due_on``; the members are told."""
    require(actor, "councils.request_opinion", council)
    kind = _subject_check(council, subject)
    if due_on is not None and due_on < timezone.localdate():
        raise DomainError(gettext("The date the opinion is due cannot be in the past."), field="due_on")
    version = kind.version(subject)
    ct = subjects.content_type(subject)
    if Opinion.objects.filter(
        council=council, subject_type=ct, subject_id=subject.pk, subject_version=version
    ).exists():
        raise DomainError(gettext("The council already has an opinion on this version."), field="subject")
    opinion = Opinion.objects.create(
        council=council,
        subject_type=ct,
        subject_id=subject.pk,
        subject_version=version,
        subject_title=kind.title(subject)[:300],
        status=Opinion.Status.REQUESTED,
        requested_by=actor,
        requested_at=timezone.now(),
        due_on=due_on,
    )
    events.opinion_requested(opinion, actor=actor)
    return opinion


def _lines(recommendations) -> list[str]:
    items = [r.strip() for r in recommendations if r and r.strip()]
    if len(items) > MAX_RECOMMENDATIONS:
        raise DomainError(
            gettext("At most %(n)s recommendations per opinion.") % {"n": MAX_RECOMMENDATIONS}, field="recommendations"
        )
    return [r[:2000] for r in items]


@transaction.atomic
def opinion_save(
    *,
    council: Council,
    actor,
    position: str,
    text: str,
    recommendations: list[str],
    opinion: Opinion | None = None,
    subject=None,
    meeting=None,
) -> Opinion:
    """Write (or go on writing) an opinion: one asked for, or one the council
    gives on its own initiative on a draft of its region."""
    require(actor, "councils.write_opinion", council)
    if position and position not in Position.values:
        raise DomainError(gettext("Choose one of the options."), field="position")
    if meeting is not None and meeting.council_id != council.pk:
        raise DomainError(gettext("Choose a meeting of this council."), field="meeting")
    items = _lines(recommendations)
    if opinion is None:
        if subject is None:
            raise DomainError(gettext("Choose what the opinion is about."), field="subject")
        kind = _subject_check(council, subject)
        ct = subjects.content_type(subject)
        version = kind.version(subject)
        if Opinion.objects.filter(
            council=council, subject_type=ct, subject_id=subject.pk, subject_version=version
        ).exists():
            raise DomainError(gettext("The council already has an opinion on this version."), field="subject")
        opinion = Opinion(
            council=council,
            subject_type=ct,
            subject_id=subject.pk,
            subject_version=version,
            subject_title=kind.title(subject)[:300],
            status=Opinion.Status.DRAFT,
        )
    else:
        opinion = Opinion.objects.select_for_update().get(pk=opinion.pk, council=council)
        if not opinion.lifecycle.is_in(opinion, "editable"):
            raise DomainError(gettext("A published opinion no longer changes."))
        if opinion.status == Opinion.Status.REQUESTED:
            Opinion.lifecycle.apply(opinion, "write", actor=actor, save=False)
    opinion.position = position
    opinion.text = (text or "").strip()
    opinion.meeting = meeting
    opinion.save()
    opinion.recommendations.all().delete()
    Recommendation.objects.bulk_create(
        [Recommendation(opinion=opinion, position=i, text=line) for i, line in enumerate(items)]
    )
    return opinion


@transaction.atomic
def opinion_publish(*, opinion: Opinion, actor) -> Opinion:
    """Publish: the coordinators of the draft's process must now answer each
    recommendation; with none, there is nothing to answer."""
    opinion = Opinion.objects.select_for_update().select_related("council").get(pk=opinion.pk)
    Opinion.lifecycle.apply(opinion, "publish", actor=actor, save=False)
    opinion.published_at = timezone.now()
    opinion.published_by = actor
    opinion.save(update_fields=["status", "published_at", "published_by"])
    if not opinion.recommendations.exists():
        # Nothing to answer: given and answered at once (no person's move).
        Opinion.lifecycle.apply(opinion, "complete", save=False)
        opinion.answered_at = opinion.published_at
        opinion.save(update_fields=["status", "answered_at"])
    events.opinion_published(opinion, actor=actor)
    return opinion


@transaction.atomic
def recommendation_answer(*, recommendation: Recommendation, actor, answer: str, reason: str) -> Recommendation:
    """Answer one recommendation with a reason; the last answer completes
    the opinion and tells the council and its followers."""
    opinion = Opinion.objects.select_for_update().select_related("council").get(pk=recommendation.opinion_id)
    require(actor, "councils.answer_opinion", opinion)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk, opinion=opinion)
    if answer not in Answer.values:
        raise DomainError(gettext("Choose one of the options."), field="answer")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(gettext("Give the reason: the council and the public read it."), field="reason")
    recommendation.answer = answer
    recommendation.answer_reason = reason[:4000]
    recommendation.answered_by = actor
    recommendation.answered_at = timezone.now()
    recommendation.save(update_fields=["answer", "answer_reason", "answered_by", "answered_at"])
    if not opinion.recommendations.filter(answer="").exists():
        Opinion.lifecycle.apply(opinion, "complete", actor=actor, save=False)
        opinion.answered_at = timezone.now()
        opinion.save(update_fields=["status", "answered_at"])
        events.answers_given(opinion, actor=actor)
    return recommendation
