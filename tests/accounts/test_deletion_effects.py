"""Deleting an account ends what the person holds in every app (roles,
seats, assignments, invitations) through the callables those apps register
in ``accounts.deletion``, in the deletion's transaction."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts import deletion
from accounts.models import User
from accounts.services import user_delete_account
from core.errors import DomainError
from edp.models import EDPRole, MeetingRegistration
from evaluations.models import Assignment
from evaluations.services import assignments_auto
from notifications.models import Notification
from priorities.models import SelectionVote, SteeringCommitteeMember
from tests.factories.accounts import PASSWORD, UserFactory, give_totp
from tests.factories.edp import (
    EDPFactory,
    EDPRoleFactory,
    IdeaFactory,
    MeetingFactory,
    MeetingRegistrationFactory,
    RoleInvitationFactory,
)
from tests.factories.evaluations import EvaluationCriterionFactory, EvaluationSettingsFactory
from tests.factories.priorities import CandidatePriorityFactory, SteeringCommitteeMemberFactory

pytestmark = pytest.mark.django_db

CONFIRMED = MeetingRegistration.Status.CONFIRMED
WAITLISTED = MeetingRegistration.Status.WAITLISTED
CANCELLED = MeetingRegistration.Status.CANCELLED


def test_every_app_that_holds_something_registers_its_callable():
    assert {"edp", "evaluations", "notifications", "priorities"} <= set(deletion.registered())


def test_deletion_through_the_page_removes_every_edp_role(client):
    person = UserFactory()
    edp, other = EDPFactory(), EDPFactory()
    for role in ("evaluator", "facilitator", "moderator"):
        EDPRoleFactory(edp=edp, user=person, role=role)
    EDPRoleFactory(edp=other, user=person, role="coordinator")
    colleague = EDPRoleFactory(edp=edp, role="evaluator").user
    give_totp(person)  # coordinators pass the second-factor gate first
    client.force_login(person)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not EDPRole.objects.filter(user=person).exists()
    # Only that person's roles: the colleague keeps theirs.
    assert EDPRole.objects.filter(user=colleague, edp=edp, role="evaluator").exists()


def test_even_the_last_coordinator_leaves_and_staff_can_appoint_another(client):
    person = UserFactory()
    edp = EDPFactory()
    EDPRoleFactory(edp=edp, user=person, role="coordinator")
    user_delete_account(user=person, password=PASSWORD)
    assert not edp.roles.filter(role="coordinator").exists()
    staff = UserFactory(is_staff=True)
    give_totp(staff)
    client.force_login(staff)
    assert client.get(reverse("edp:roles", args=[edp.slug])).status_code == 200


def test_an_upcoming_seat_is_freed_and_goes_to_the_first_person_waiting():
    meeting = MeetingFactory(capacity=1)
    person = UserFactory()
    seat = MeetingRegistrationFactory(meeting=meeting, user=person, status=CONFIRMED)
    first = MeetingRegistrationFactory(
        meeting=meeting, status=WAITLISTED, status_changed_at=timezone.now() - timedelta(hours=2)
    )
    second = MeetingRegistrationFactory(
        meeting=meeting, status=WAITLISTED, status_changed_at=timezone.now() - timedelta(hours=1)
    )
    user_delete_account(user=person, password=PASSWORD)
    seat.refresh_from_db(), first.refresh_from_db(), second.refresh_from_db()
    assert (seat.status, first.status, second.status) == (CANCELLED, CONFIRMED, WAITLISTED)
    # The promoted person is told (through the notifications outbox).
    assert Notification.objects.filter(recipient=first.user, event__key="edp.waitlist_promoted").exists()


def test_a_waitlist_place_is_given_up_and_past_attendance_stays():
    person = UserFactory()
    upcoming = MeetingFactory(capacity=1)
    MeetingRegistrationFactory(meeting=upcoming, status=CONFIRMED)
    waiting = MeetingRegistrationFactory(meeting=upcoming, user=person, status=WAITLISTED)
    past = MeetingFactory(starts_at=timezone.now() - timedelta(days=3))
    attended = MeetingRegistrationFactory(meeting=past, user=person, status=CONFIRMED, attended=True)
    user_delete_account(user=person, password=PASSWORD)
    waiting.refresh_from_db(), attended.refresh_from_db()
    assert waiting.status == CANCELLED
    # Who was in the room is part of the record (attendance by helix).
    assert (attended.status, attended.attended) == (CONFIRMED, True)


def test_pending_invitations_to_any_of_their_addresses_are_withdrawn():
    person = UserFactory(email="aliya@example.kz")
    EmailAddress.objects.create(user=person, email="a.work@example.kz", verified=True, primary=False)
    to_primary = RoleInvitationFactory(email="Aliya@Example.kz", role="evaluator")
    to_second = RoleInvitationFactory(email="a.work@example.kz", role="moderator")
    someone_else = RoleInvitationFactory(email="bolat@example.kz", role="evaluator")
    user_delete_account(user=person, password=PASSWORD)
    for invitation in (to_primary, to_second, someone_else):
        invitation.refresh_from_db()
    assert to_primary.revoked_at is not None and to_second.revoked_at is not None
    assert someone_else.revoked_at is None
    # The old link now grants nothing.
    assert not to_primary.is_pending


def test_steering_committee_seats_are_given_up_and_votes_stay():
    person = UserFactory()
    seat = SteeringCommitteeMemberFactory(user=person)
    other_seat = SteeringCommitteeMemberFactory(user=person)
    colleague = SteeringCommitteeMemberFactory(edp=seat.edp)
    candidate = CandidatePriorityFactory(edp=seat.edp)
    vote = SelectionVote.objects.create(candidate=candidate, voter=person, choice="select", rationale="Evidence")
    user_delete_account(user=person, password=PASSWORD)
    assert not SteeringCommitteeMember.objects.filter(pk__in=[seat.pk, other_seat.pk]).exists()
    assert SteeringCommitteeMember.objects.filter(pk=colleague.pk).exists()
    assert SelectionVote.objects.filter(pk=vote.pk).exists()


def _evaluation_edp():
    edp = EDPFactory(stage="evaluation")
    EvaluationSettingsFactory(edp=edp, reviewers_per_idea=1)
    EvaluationCriterionFactory(edp=edp, weight=100)
    return edp


def test_open_assignments_are_released_so_the_idea_can_be_reassigned():
    edp = _evaluation_edp()
    person = EDPRoleFactory(edp=edp, role="evaluator").user
    idea = IdeaFactory(edp=edp, submitted=True)
    assignment = Assignment.objects.create(edp=edp, idea=idea, evaluator=person)
    user_delete_account(user=person, password=PASSWORD)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.RELEASED and assignment.released_at is not None
    assert "deleted their account" in assignment.release_reason
    # The coordinator's automatic assignment now gives the idea to a colleague.
    colleague = EDPRoleFactory(edp=edp, role="evaluator").user
    result = assignments_auto(actor=UserFactory(), edp=edp)
    assert [(a.idea_id, a.evaluator_id) for a in result.created] == [(idea.pk, colleague.pk)]


def test_a_submitted_evaluation_stays_active_because_its_scores_count():
    from evaluations.models import Evaluation

    edp = _evaluation_edp()
    person = EDPRoleFactory(edp=edp, role="evaluator").user
    done = Assignment.objects.create(edp=edp, idea=IdeaFactory(edp=edp, submitted=True), evaluator=person)
    Evaluation.objects.create(assignment=done, status=Evaluation.Status.SUBMITTED, submitted_at=timezone.now())
    user_delete_account(user=person, password=PASSWORD)
    done.refresh_from_db()
    assert done.status == Assignment.Status.ACTIVE


def test_a_failing_app_rolls_the_whole_deletion_back(monkeypatch):
    person = UserFactory(display_name="Aliya")
    email = person.email
    edp = EDPFactory()
    EDPRoleFactory(edp=edp, user=person, role="evaluator")
    meeting = MeetingFactory(capacity=1)
    seat = MeetingRegistrationFactory(meeting=meeting, user=person, status=CONFIRMED)
    waiting = MeetingRegistrationFactory(meeting=meeting, status=WAITLISTED)
    steering = SteeringCommitteeMemberFactory(user=person)
    invitation = RoleInvitationFactory(email=email, role="moderator")

    def refuse(user):
        raise DomainError("The archive is read-only right now.")

    # Registered under a name that sorts last, so every other app has done
    # its part (and written it) before the failure.
    declared = deletion.steps()
    monkeypatch.setattr(deletion, "steps", lambda: {**declared, "zzz_failing": refuse})
    with pytest.raises(DomainError):
        user_delete_account(user=person, password=PASSWORD)
    person = User.objects.get(pk=person.pk)
    assert person.anonymised_at is None and person.email == email and person.is_active
    assert EDPRole.objects.filter(user=person, edp=edp).exists()
    seat.refresh_from_db(), waiting.refresh_from_db(), invitation.refresh_from_db()
    assert (seat.status, waiting.status) == (CONFIRMED, WAITLISTED)
    assert SteeringCommitteeMember.objects.filter(pk=steering.pk).exists()
    assert invitation.revoked_at is None
    assert not Notification.objects.filter(recipient=waiting.user).exists()


def test_the_page_shows_the_refusal_and_keeps_the_account_when_an_app_fails(client, monkeypatch):
    person = UserFactory()
    EDPRoleFactory(user=person, role="moderator")

    def refuse(user):
        raise DomainError("The archive is read-only right now.")

    declared = deletion.steps()
    monkeypatch.setattr(deletion, "steps", lambda: {**declared, "zzz_failing": refuse})
    client.force_login(person)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert "The archive is read-only right now." in response.content.decode()
    person.refresh_from_db()
    assert person.anonymised_at is None and EDPRole.objects.filter(user=person).exists()


def test_emails_waiting_for_the_person_are_cancelled_and_their_choices_forgotten():
    from notifications.models import Delivery, Preference
    from notifications.services import notification_emit, preference_set
    from tests.factories.notifications import AnnouncementFactory
    from tests.factories.stakeholders import region

    person = UserFactory(region=region())
    neighbour = UserFactory(region=region())
    preference_set(user=person, event="edp.meeting_changed", mode="digest")
    notification_emit(event="notifications.announcement", target=AnnouncementFactory())
    assert Delivery.objects.filter(notification__recipient=person, status="pending").exists()
    user_delete_account(user=person, password=PASSWORD)
    assert not Delivery.objects.filter(notification__recipient=person, status="pending").exists()
    assert not Preference.objects.filter(user=person).exists()
    # Their neighbour still gets the announcement.
    assert Delivery.objects.filter(notification__recipient=neighbour, status="pending").exists()
    # The in-app notification stays with the anonymised account.
    assert Notification.objects.filter(recipient=person).exists()
