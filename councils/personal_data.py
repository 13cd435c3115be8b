"""The councils part of a person's data export (``Module.personal_data``):
seats, calls volunteered for (with the district, gender and age band given),
commission seats, declared interests, questions asked, councils followed."""

from __future__ import annotations

from .models import CommissionSeat, ConflictDeclaration, CouncilFollower, CouncilMember, HearingQuestion, Volunteer


def export(user) -> dict:
    seats = CouncilMember.objects.filter(user=user).select_related("council", "term", "organisation")
    volunteering = Volunteer.objects.filter(user=user).select_related("call__council", "district", "organisation")
    return {
        "seats": [
            {
                "council": m.council.name,
                "term": m.term.number,
                "role": m.role,
                "helix": m.helix,
                "organisation": m.organisation.name if m.organisation else None,
                "selected_by": m.selected_by,
                "status": m.status,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
                "left_reason": m.left_reason,
            }
            for m in seats
        ],
        "volunteering": [
            {
                "council": v.call.council.name,
                "call": v.call.title,
                "status": v.status,
                "pseudonym": v.pseudonym,
                "helix": v.helix,
                "district": v.district.name,
                "gender": v.gender,
                "age_band": v.age_band,
                "organisation": v.organisation.name if v.organisation else None,
                "motivation": v.motivation,
                "volunteered_at": v.created_at.isoformat(),
            }
            for v in volunteering
        ],
        "selection_commissions": [
            {"council": s.call.council.name, "call": s.call.title, "helix": s.helix}
            for s in CommissionSeat.objects.filter(user=user).select_related("call__council")
        ],
        "declared_interests": [
            {
                "council": c.member.council.name,
                "agenda_item": c.item_title,
                "interest": c.interest,
                "at": c.declared_at.isoformat(),
            }
            for c in ConflictDeclaration.objects.filter(member__user=user).select_related("member__council")
        ],
        "hearing_questions": [
            {"meeting": q.meeting.title, "question": q.text, "asked_at": q.asked_at.isoformat(), "answer": q.answer}
            for q in HearingQuestion.objects.filter(author=user).select_related("meeting")
        ],
        "councils_followed": list(CouncilFollower.objects.filter(user=user).values_list("council__name", flat=True)),
    }
