"""“My evaluations are due within 48 hours / overdue”: the hourly beat run
reminds the evaluators who still have something to submit, once per
deadline, and nobody else."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from evaluations.models import Assignment
from evaluations.services import ScoreInput, evaluation_save
from notifications.models import Notification
from notifications.reminders import reminders_send
from notifications.rendering import render_message_strict
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory, IdeaFactory
from tests.factories.evaluations import EvaluationSettingsFactory

pytestmark = pytest.mark.django_db

DUE_SOON = "evaluations.due_soon"
OVERDUE = "evaluations.overdue"


def _notes(user, key):
    return Notification.objects.filter(recipient=user, event__key=key)


@pytest.fixture
def team(world, people):
    """Four evaluators of the world's EDP: one with nothing submitted yet
    (the world's assignment), one with a draft, one who submitted, one whose
    assignment was released."""
    edp, idea, (c1, c2) = world["edp"], world["idea"], world["criteria"]

    def member(name, **assignment):
        user = UserFactory(display_name=name)
        EDPRoleFactory(edp=edp, user=user, role="evaluator")
        return user, Assignment.objects.create(edp=edp, idea=idea, evaluator=user, **assignment)

    drafting, draft = member("Drafting")
    evaluation_save(actor=drafting, assignment=draft, scores=[ScoreInput(c1.pk, 3)])
    done, submitted = member("Done")
    evaluation_save(actor=done, assignment=submitted, scores=[ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 4)], submit=True)
    released, _ = member("Released", status=Assignment.Status.RELEASED, released_at=timezone.now())
    return {
        "waiting": world["assignment"].evaluator,
        "drafting": drafting,
        "done": done,
        "released": released,
        "unassigned": people["evaluator_unassigned"],
    }


def _submit_the_rest(world, team):
    c1, c2 = world["criteria"]
    for who in ("waiting", "drafting"):
        assignment = Assignment.objects.get(evaluator=team[who], idea=world["idea"])
        evaluation_save(
            actor=team[who], assignment=assignment, scores=[ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 3)], submit=True
        )


def _deadline(edp, when):
    row = EvaluationSettingsFactory(edp=edp)  # scoring may already have created it
    row.deadline = when
    row.save()
    return row


def test_the_beat_runs_the_reminders_hourly():
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "notifications.tasks.send_scheduled_reminders" in schedule


def test_due_soon_reaches_those_still_to_submit_once(world, team):
    now = timezone.now()
    _deadline(world["edp"], now + timedelta(hours=30))
    assert reminders_send(now=now) == 1
    assert _notes(team["waiting"], DUE_SOON).count() == 1
    assert _notes(team["drafting"], DUE_SOON).count() == 1  # a draft does not count as submitted
    for nobody in ("done", "released", "unassigned"):
        assert not Notification.objects.filter(recipient=team[nobody]).filter(event__key__startswith="evaluations.")
    # The next beat runs (an hour later, and again) send nothing new.
    assert reminders_send(now=now + timedelta(hours=1)) == 0
    assert reminders_send(now=now + timedelta(hours=2)) == 0
    assert _notes(team["waiting"], DUE_SOON).count() == 1
    message = render_message_strict(_notes(team["waiting"], DUE_SOON).get())
    assert message.subject.startswith("Your evaluations are due on")
    assert message.url.endswith(f"/{world['edp'].slug}/my/")


def test_not_yet_within_48_hours(world, team):
    now = timezone.now()
    _deadline(world["edp"], now + timedelta(hours=49))
    assert reminders_send(now=now) == 0
    assert not Notification.objects.filter(event__key=DUE_SOON).exists()
    assert reminders_send(now=now + timedelta(hours=2)) == 1  # now it is within 48 hours
    assert _notes(team["waiting"], DUE_SOON).count() == 1


def test_overdue_sent_once_after_the_deadline(world, team):
    now = timezone.now()
    _deadline(world["edp"], now + timedelta(hours=10))
    reminders_send(now=now)  # the due-soon one
    later = now + timedelta(hours=11)
    assert reminders_send(now=later) == 1
    assert reminders_send(now=later + timedelta(hours=1)) == 0
    assert reminders_send(now=later + timedelta(days=2)) == 0
    for who in ("waiting", "drafting"):
        assert _notes(team[who], OVERDUE).count() == 1
        assert _notes(team[who], DUE_SOON).count() == 1
    for nobody in ("done", "released", "unassigned"):
        assert not _notes(team[nobody], OVERDUE).exists()
    message = render_message_strict(_notes(team["waiting"], OVERDUE).get())
    assert message.subject.startswith("Your evaluations were due on")


def test_a_moved_deadline_is_reminded_of_again(world, team):
    now = timezone.now()
    settings_row = _deadline(world["edp"], now + timedelta(hours=20))
    assert reminders_send(now=now) == 1
    settings_row.deadline = now + timedelta(hours=40)
    settings_row.save()
    assert reminders_send(now=now + timedelta(hours=1)) == 1
    assert _notes(team["waiting"], DUE_SOON).count() == 2


def test_nothing_without_a_deadline(world, team):
    _deadline(world["edp"], None)
    for hours in (0, 24, 24 * 30):
        assert reminders_send(now=timezone.now() + timedelta(hours=hours)) == 0
    assert not Notification.objects.filter(event__key__in=[DUE_SOON, OVERDUE]).exists()


def test_nothing_when_everything_is_submitted(world, team):
    _submit_the_rest(world, team)
    now = timezone.now()
    _deadline(world["edp"], now + timedelta(hours=5))
    assert reminders_send(now=now) == 0
    assert reminders_send(now=now + timedelta(hours=6)) == 0
    assert not Notification.objects.filter(event__key__in=[DUE_SOON, OVERDUE]).exists()


def test_an_idea_assigned_after_everything_was_submitted_is_still_reminded_of(world, team):
    """Nothing is recorded as sent while nobody is pending, so new work is reminded of."""
    _submit_the_rest(world, team)
    now = timezone.now()
    _deadline(world["edp"], now + timedelta(hours=40))
    assert reminders_send(now=now) == 0
    later_idea = IdeaFactory(edp=world["edp"], submitted=True)
    Assignment.objects.create(edp=world["edp"], idea=later_idea, evaluator=team["done"])
    assert reminders_send(now=now + timedelta(hours=1)) == 1
    assert _notes(team["done"], DUE_SOON).count() == 1
    assert not _notes(team["waiting"], DUE_SOON).exists()


def test_nothing_once_the_edp_left_the_evaluation_stage(world, team):
    edp = world["edp"]
    edp.stage = "consultation"
    edp.save()
    now = timezone.now()
    _deadline(edp, now + timedelta(hours=5))
    assert reminders_send(now=now) == 0
    assert reminders_send(now=now + timedelta(hours=6)) == 0


def test_reminders_of_one_edp_do_not_reach_evaluators_of_another(world, team):
    from tests.factories.edp import EDPFactory

    other = EDPFactory(stage="evaluation")
    stranger = UserFactory()
    EDPRoleFactory(edp=other, user=stranger, role="evaluator")
    Assignment.objects.create(edp=other, idea=IdeaFactory(edp=other, submitted=True), evaluator=stranger)
    now = timezone.now()
    _deadline(world["edp"], now + timedelta(hours=5))
    assert reminders_send(now=now) == 1
    assert not Notification.objects.filter(recipient=stranger).exists()
