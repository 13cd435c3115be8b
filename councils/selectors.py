"""Reads shared by the councils' pages, panels and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from edp.models import AgendaItem, Meeting

from . import composition, subjects
from .models import (
    CommissionSeat,
    ConflictDeclaration,
    Council,
    CouncilMember,
    CouncilTerm,
    Draw,
    HearingQuestion,
    Opinion,
    Recommendation,
    Volunteer,
    VolunteerCall,
)

PUBLIC_OPINIONS = (Opinion.Status.PUBLISHED, Opinion.Status.ANSWERED)


def term_current(council: Council, on: date | None = None) -> CouncilTerm | None:
    """The term running on ``on`` (today), else the next one, else the last."""
    on = on or timezone.localdate()
    terms = list(council.terms.all())
    for term in terms:
        if term.starts_on <= on <= term.ends_on:
            return term
    upcoming = [t for t in terms if t.starts_on > on]
    if upcoming:
        return min(upcoming, key=lambda t: t.starts_on)
    return terms[-1] if terms else None


def council_list() -> QuerySet[Council]:
    return (
        Council.objects.select_related("region", "edp")
        .annotate(sitting=Count("members", filter=Q(members__status=CouncilMember.Status.ACTIVE)))
        .order_by("region__name", "name")
    )


def council_get(slug: str) -> Council:
    return Council.objects.select_related("region", "edp", "plan", "secretary", "home_district").get(slug=slug)


def councils_of_edp(edp) -> list[Council]:
    return list(Council.objects.filter(edp=edp).only("slug", "name", "name_en", "name_ru", "name_kk").order_by("id"))


def members_of(term: CouncilTerm | None) -> list[CouncilMember]:
    if term is None:
        return []
    return list(
        CouncilMember.objects.filter(term=term, status=CouncilMember.Status.ACTIVE)
        .select_related("user", "organisation")
        .prefetch_related(Prefetch("conflicts", queryset=ConflictDeclaration.objects.filter(meeting__isnull=True)))
        .order_by("role", "joined_on", "id")
    )


def former_members(council: Council) -> QuerySet[CouncilMember]:
    return (
        CouncilMember.objects.filter(council=council, status=CouncilMember.Status.LEFT)
        .select_related("user", "organisation", "term")
        .order_by("-left_on", "-id")
    )


@dataclass(frozen=True)
class CompositionSummary:
    seats: int
    civil: int
    officials: int
    other: int
    vacant: int
    civil_needed: int
    officials_allowed: int
    rule: composition.Rule
    holds: bool


def composition_of(council: Council, members: list[CouncilMember]) -> CompositionSummary:
    rule = council.rule
    counted = composition.count(rule, council.seats, [m.helix for m in members])
    return CompositionSummary(
        seats=council.seats,
        civil=counted.civil,
        officials=counted.officials,
        other=counted.other,
        vacant=counted.vacant,
        civil_needed=rule.civil_seats_needed(council.seats),
        officials_allowed=rule.official_seats_allowed(council.seats),
        rule=rule,
        holds=composition.holds(rule, council.seats, [m.helix for m in members]),
    )


def meetings_of(council: Council) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(council=council)
        .select_related("district", "council")
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status="confirmed"), distinct=True),
            waitlist_count=Count("registrations", filter=Q(registrations__status="waitlisted"), distinct=True),
            question_count=Count("council_questions", distinct=True),
        )
        .order_by("starts_at", "id")
    )


def meeting_detail(council: Council, pk: int) -> Meeting:
    return (
        meetings_of(council)
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related("council_conflicts__member__user")),
            "decisions",
        )
        .get(pk=pk)
    )


def meeting_questions(meeting: Meeting) -> list[HearingQuestion]:
    return list(meeting.council_questions.select_related("author").order_by("asked_at", "id"))


def meeting_conflicts(meeting: Meeting) -> list[ConflictDeclaration]:
    return list(meeting.council_conflicts.select_related("member__user").order_by("declared_at", "id"))


def calls_of(council: Council, *, include_unpublished: bool) -> list[VolunteerCall]:
    calls = council.calls.annotate(
        pool_size=Count("volunteers", filter=Q(volunteers__status=Volunteer.Status.ACTIVE))
    ).order_by("-opens_at", "-id")
    if not include_unpublished:
        calls = calls.filter(status__in=VolunteerCall.lifecycle.groups["public"])
    return list(calls)


def call_detail(council: Council, pk: int) -> VolunteerCall:
    return (
        VolunteerCall.objects.select_related("council", "council__region", "term")
        .prefetch_related(
            Prefetch("commission", queryset=CommissionSeat.objects.select_related("user", "organisation"))
        )
        .annotate(pool_size=Count("volunteers", filter=Q(volunteers__status=Volunteer.Status.ACTIVE)))
        .get(council=council, pk=pk)
    )


def volunteer_of(call: VolunteerCall, user) -> Volunteer | None:
    if not (user and user.is_authenticated):
        return None
    return call.volunteers.filter(user=user).select_related("district").first()


def draw_of(call: VolunteerCall) -> Draw | None:
    return Draw.objects.filter(call=call).prefetch_related("replacements").first()


def seated_by_draw(draw: Draw) -> list[CouncilMember]:
    return list(draw.seated.select_related("user").order_by("pseudonym"))


def opinions_of(council: Council, *, include_unpublished: bool) -> QuerySet[Opinion]:
    opinions = council.opinions.annotate(
        recommendation_count=Count("recommendations", distinct=True),
        unanswered=Count("recommendations", filter=Q(recommendations__answer=""), distinct=True),
    )
    if not include_unpublished:
        opinions = opinions.filter(status__in=PUBLIC_OPINIONS)
    return opinions.prefetch_related("subject").order_by("-published_at", "-created_at", "-id")


def opinion_detail(council: Council, pk: int) -> Opinion:
    return (
        Opinion.objects.select_related("council", "council__region", "meeting", "subject_type")
        .prefetch_related(
            "subject", Prefetch("recommendations", queryset=Recommendation.objects.select_related("answered_by"))
        )
        .get(council=council, pk=pk)
    )


def opinions_on(subject, *, version: int | None = None) -> list[Opinion]:
    """The published opinions of any council on ``subject`` (one version of it, when given)."""
    found = Opinion.objects.filter(
        subject_type=subjects.content_type(subject), subject_id=subject.pk, status__in=PUBLIC_OPINIONS
    )
    if version is not None:
        found = found.filter(subject_version=version)
    return list(
        found.select_related("council")
        .prefetch_related("recommendations", "subject")
        .order_by("-subject_version", "-published_at")
    )


def upcoming(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(starts_at__gte=timezone.now())


def past(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.filter(starts_at__lt=timezone.now()).order_by("-starts_at", "-id")
