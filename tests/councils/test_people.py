"""Personal data: what the councils app holds about a person is in their
export, and account deletion ends what they hold without changing a
published pool."""

from __future__ import annotations

import pytest

from accounts import deletion, personal_data
from accounts.services import user_delete_account
from councils import services
from councils.models import CommissionSeat, Council, CouncilFollower, CouncilMember, HearingQuestion, Volunteer
from edp.models import Meeting
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.councils import (
    CallFactory,
    CommissionSeatFactory,
    MemberFactory,
    QuestionFactory,
    VolunteerFactory,
)
from tests.factories.edp import MeetingFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db


def test_the_councils_part_is_declared_for_export_and_deletion():
    assert "councils" in personal_data.registered_parts()
    assert "councils" in deletion.registered()


def test_the_export_holds_seats_volunteering_commission_questions_and_follows(council):
    person = UserFactory(region=region())
    MemberFactory(council=council, user=person)
    VolunteerFactory(call=CallFactory(council=council), user=person, motivation="I know the steppe.")
    CommissionSeatFactory(call=CallFactory(council=council), user=person)
    QuestionFactory(meeting=MeetingFactory(edp=None, council=council, kind=Meeting.Kind.PUBLIC_HEARING), author=person)
    CouncilFollower.objects.create(council=council, user=person)
    services.conflict_declare(council=council, actor=person, interest="Owns a bakery")
    part = personal_data.collect(person)["councils"]
    assert part["seats"][0]["council"] == council.name
    assert part["volunteering"][0]["motivation"] == "I know the steppe."
    assert {"district", "gender", "age_band", "helix"} <= set(part["volunteering"][0])
    assert part["selection_commissions"] and part["hearing_questions"] and part["declared_interests"]
    assert part["councils_followed"] == [council.name]


def test_deletion_ends_seats_and_roles_but_keeps_the_published_pool_as_drawn(council):
    person = UserFactory(region=region())
    seat = MemberFactory(council=council, user=person)
    Council.objects.filter(pk=council.pk).update(secretary=person)
    open_call = CallFactory(council=council)
    VolunteerFactory(call=open_call, user=person)
    frozen_call = CallFactory(council=council)
    frozen_entry = VolunteerFactory(call=frozen_call, user=person, pseudonym="V-007", motivation="Private words")
    CommissionSeatFactory(call=open_call, user=person)
    CouncilFollower.objects.create(council=council, user=person)
    question = QuestionFactory(meeting=MeetingFactory(edp=None, council=council), author=person, text="Buses?")

    user_delete_account(user=person, password=PASSWORD)

    seat.refresh_from_db()
    assert seat.status == CouncilMember.Status.LEFT and seat.left_reason
    assert Council.objects.get(pk=council.pk).secretary is None
    assert not Volunteer.objects.filter(call=open_call).exists()
    frozen_entry.refresh_from_db()
    assert (frozen_entry.user, frozen_entry.motivation, frozen_entry.pseudonym) == (None, "", "V-007")
    assert not CommissionSeat.objects.filter(user=person).exists()
    assert not CouncilFollower.objects.filter(user=person).exists()
    # What they said at a hearing stays, under "Former participant".
    assert HearingQuestion.objects.get(pk=question.pk).author.public_name != "Buses?"
