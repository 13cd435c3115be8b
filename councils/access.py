"""Load-authorise-fail for every councils page (core.access): one function
per object kind. Ids of another council's objects are a 404."""

from __future__ import annotations

from django.http import HttpRequest

from core import access
from edp.models import Meeting

from . import selectors
from .models import (
    CommissionSeat,
    Council,
    CouncilMember,
    Draw,
    HearingQuestion,
    Opinion,
    Recommendation,
    VolunteerCall,
)


def council_for(request: HttpRequest, slug: str, perm: str | None = "councils.view_council") -> Council:
    return access.load(request, perm, selectors.council_get, slug)


def member_for(request: HttpRequest, slug: str, pk: int, perm: str | None) -> CouncilMember:
    council = council_for(request, slug)
    return access.load(
        request,
        perm,
        lambda: CouncilMember.objects.select_related("council", "user", "term").get(council=council, pk=pk),
    )


def call_for(request: HttpRequest, slug: str, pk: int, perm: str | None = "councils.view_call") -> VolunteerCall:
    council = council_for(request, slug)
    return access.load(request, perm, selectors.call_detail, council, pk)


def commission_seat_for(request: HttpRequest, slug: str, pk: int, seat_pk: int, perm: str) -> CommissionSeat:
    call = call_for(request, slug, pk, perm=None)
    seat = access.fetch(lambda: CommissionSeat.objects.select_related("call__council").get(call=call, pk=seat_pk))
    access.require(request, perm, call)
    return seat


def draw_for(request: HttpRequest, slug: str, pk: int, perm: str | None = None) -> Draw:
    call = call_for(request, slug, pk)
    return access.load(request, perm, lambda: Draw.objects.select_related("call__council", "call__term").get(call=call))


def meeting_for(request: HttpRequest, slug: str, pk: int, perm: str | None = None) -> Meeting:
    council = council_for(request, slug)
    return access.load(request, perm, selectors.meeting_detail, council, pk)


def question_for(request: HttpRequest, slug: str, meeting_pk: int, pk: int, perm: str) -> HearingQuestion:
    meeting = meeting_for(request, slug, meeting_pk)
    return access.load(
        request, perm, lambda: HearingQuestion.objects.select_related("meeting__council").get(meeting=meeting, pk=pk)
    )


def opinion_for(request: HttpRequest, slug: str, pk: int, perm: str | None = "councils.view_opinion") -> Opinion:
    council = council_for(request, slug)
    return access.load(request, perm, selectors.opinion_detail, council, pk)


def recommendation_for(request: HttpRequest, slug: str, opinion_pk: int, pk: int, perm: str) -> Recommendation:
    opinion = opinion_for(request, slug, opinion_pk)
    recommendation = access.fetch(lambda: opinion.recommendations.get(pk=pk))
    access.require(request, perm, opinion)
    return recommendation
