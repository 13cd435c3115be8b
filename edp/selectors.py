"""Reads shared by pages, exports and the API, with their joins in one place."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from stakeholders.choices import Helix

from .models import (
    EDP,
    EDPRole,
    EDPStage,
    Idea,
    IdeaAttachment,
    Meeting,
    MeetingRegistration,
    RegionalAsset,
    RegionFact,
    RoleInvitation,
    StageTransition,
    SWOTEntry,
)


def edp_list() -> QuerySet[EDP]:
    return EDP.objects.select_related("region", "owner").order_by("-created_at")


def edp_get(slug: str) -> EDP:
    return EDP.objects.select_related("region", "owner").get(slug=slug)


def edp_stages(edp: EDP) -> list[EDPStage]:
    rows = {row.stage: row for row in EDPStage.objects.filter(edp=edp)}
    from .workflow import STAGE_ORDER

    return [rows.get(stage) or EDPStage(edp=edp, stage=stage) for stage in STAGE_ORDER]


def edp_timeline(edp: EDP) -> QuerySet[StageTransition]:
    return StageTransition.objects.filter(edp=edp).select_related("actor").order_by("created_at", "id")


def edp_roles(edp: EDP) -> QuerySet[EDPRole]:
    return EDPRole.objects.filter(edp=edp).select_related("user").order_by("role", "created_at")


def edp_pending_invitations(edp: EDP) -> QuerySet[RoleInvitation]:
    return RoleInvitation.objects.filter(
        edp=edp, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def assets_for(edp: EDP) -> QuerySet[RegionalAsset]:
    return RegionalAsset.objects.filter(edp=edp).annotate(
        idea_count=Count("ideas", filter=Q(ideas__status=Idea.Status.SUBMITTED))
    )


def swot_board(edp: EDP, *, include_all: bool) -> dict[str, list[SWOTEntry]]:
    entries = SWOTEntry.objects.filter(edp=edp).select_related("author", "meeting")
    if not include_all:
        entries = entries.filter(status=SWOTEntry.Status.ACCEPTED)
    else:
        entries = entries.exclude(status=SWOTEntry.Status.DISMISSED)
    board: dict[str, list[SWOTEntry]] = {q: [] for q in SWOTEntry.Quadrant.values}
    for entry in entries:
        board[entry.quadrant].append(entry)
    return board


def facts_for(region) -> QuerySet[RegionFact]:
    return RegionFact.objects.filter(region=region).order_by("indicator", "-year")


def meetings_for(edp: EDP) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(edp=edp)
        .select_related("facilitator", "edp")
        .prefetch_related("topics")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=MeetingRegistration.Status.CONFIRMED)
            ),
            waitlist_count=Count(
                "registrations", filter=Q(registrations__status=MeetingRegistration.Status.WAITLISTED)
            ),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("starts_at", "id")
    )


def meeting_detail(edp: EDP, pk: int) -> Meeting:
    return meetings_for(edp).prefetch_related("agenda_items", "decisions").get(pk=pk)


def meeting_registrations(meeting: Meeting) -> QuerySet[MeetingRegistration]:
    return meeting.registrations.select_related("user", "organisation").order_by("status", "status_changed_at", "id")


@dataclass(frozen=True)
class HelixShare:
    helix: str
    label: str
    count: int
    percent: float
    under: bool


def _shares(counts: dict[str, int], threshold: int) -> list[HelixShare]:
    total = sum(counts.values())
    shares = []
    for helix in Helix:
        count = counts.get(helix.value, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        shares.append(
            HelixShare(
                helix=helix.value,
                label=str(helix.label),
                count=count,
                percent=percent,
                under=bool(total) and percent < threshold,
            )
        )
    return shares


def attendance_by_helix(meeting: Meeting) -> list[HelixShare]:
    rows = meeting.registrations.filter(attended=True).values("helix").annotate(n=Count("id"))
    return _shares({r["helix"]: r["n"] for r in rows}, threshold=meeting.edp.underrepresented_share)


def participation_by_helix(edp: EDP) -> list[HelixShare]:
    """People present at this EDP's meetings, each person counted once (in
    the helix of their most recent attendance)."""
    rows = (
        MeetingRegistration.objects.filter(meeting__edp=edp, attended=True)
        .order_by("user_id", "-meeting__starts_at")
        .values_list("user_id", "helix")
    )
    per_person: dict[int, str] = {}
    for user_id, helix in rows.iterator():
        per_person.setdefault(user_id, helix)
    counts: dict[str, int] = {}
    for helix in per_person.values():
        counts[helix] = counts.get(helix, 0) + 1
    return _shares(counts, threshold=edp.underrepresented_share)


def ideas_for_public(edp: EDP) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(edp=edp, status=Idea.Status.SUBMITTED)
        .select_related("organisation", "edp")
        .order_by("-submitted_at", "-id")
    )


def ideas_for_coordinator(edp: EDP) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(edp=edp)
        .exclude(status=Idea.Status.DRAFT)
        .select_related("organisation", "submitter", "meeting", "edp")
        .prefetch_related("assets", "partners", "co_authors")
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("-submitted_at", "-id")
    )


def ideas_of_user(edp: EDP, user) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(edp=edp)
        .filter(Q(submitter=user) | Q(co_authors=user))
        .select_related("organisation")
        .distinct()
        .order_by("-updated_at")
    )


def idea_detail(edp: EDP, pk: int) -> Idea:
    return (
        Idea.objects.select_related("edp", "edp__region", "organisation", "submitter", "meeting")
        .prefetch_related(
            "assets",
            "partners",
            "co_authors",
            Prefetch("attachments"),
        )
        .get(edp=edp, pk=pk)
    )


# --- Single objects, always inside the EDP (or idea) named in the URL ---------------
def asset_get(edp: EDP, pk: int) -> RegionalAsset:
    return RegionalAsset.objects.select_related("edp").get(edp=edp, pk=pk)


def swot_entry_get(edp: EDP, pk: int) -> SWOTEntry:
    return SWOTEntry.objects.select_related("edp").get(edp=edp, pk=pk)


def edp_role_get(edp: EDP, pk: int) -> EDPRole:
    return EDPRole.objects.select_related("edp", "user").get(edp=edp, pk=pk)


def invitation_get(edp: EDP, pk: int) -> RoleInvitation:
    return RoleInvitation.objects.select_related("edp").get(edp=edp, pk=pk)


def invitation_by_token(token: str) -> RoleInvitation:
    return RoleInvitation.objects.select_related("edp", "edp__region").get(token=token)


def attachment_get(idea: Idea, pk: int) -> IdeaAttachment:
    attachment = IdeaAttachment.objects.get(idea=idea, pk=pk)
    attachment.idea = idea
    return attachment


def registration_of(meeting: Meeting, user) -> MeetingRegistration | None:
    """The person's live registration for ``meeting`` (a seat or a place on
    the waitlist), if any."""
    if not user.is_authenticated:
        return None
    return (
        meeting.registrations.filter(user=user)
        .exclude(status=MeetingRegistration.Status.CANCELLED)
        .select_related("meeting")
        .first()
    )


def upcoming_meetings(edp: EDP, limit: int = 3) -> QuerySet[Meeting]:
    return meetings_for(edp).filter(status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())[:limit]


def submitted_idea_count(edp: EDP) -> int:
    return edp.ideas.filter(status=Idea.Status.SUBMITTED).count()
