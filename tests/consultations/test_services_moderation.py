import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Comment, Flag, ModerationAction
from core.errors import DomainError
from edp.models import EDPRole
from tests.factories.accounts import UserFactory
from tests.factories.consultations import ConsultationFactory, ItemFactory
from tests.factories.edp import EDPRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(item, resident):
    return services.comment_create(item=item, author=resident, body="Something contested")


def test_flag_threshold_hides_pending_review_and_logs(consultation, item, comment):
    for _ in range(consultation.flag_threshold - 1):
        services.flag_create(comment=comment, user=UserFactory(), reason="off_topic")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE and comment.flag_count == 2
    services.flag_create(comment=comment, user=UserFactory(), reason="abusive")
    comment.refresh_from_db()
    item.refresh_from_db()
    assert comment.status == Comment.Status.PENDING_REVIEW
    assert item.comment_count == 0
    action = ModerationAction.objects.get()
    assert action.kind == ModerationAction.Kind.AUTO_HIDE and action.actor is None


def test_threshold_is_configurable(edp, resident):
    item = ItemFactory(consultation=ConsultationFactory(edp=edp, flag_threshold=1))
    comment = services.comment_create(item=item, author=resident, body="One flag is enough")
    services.flag_create(comment=comment, user=UserFactory(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING_REVIEW


def test_one_flag_per_person_and_not_own(comment, resident):
    flagger = UserFactory()
    services.flag_create(comment=comment, user=flagger, reason="spam")
    with pytest.raises(DomainError, match="already flagged"):
        services.flag_create(comment=comment, user=flagger, reason="spam")
    with pytest.raises(DomainError, match="own comment"):
        services.flag_create(comment=comment, user=resident, reason="spam")
    with pytest.raises(DomainError, match="what is wrong"):
        services.flag_create(comment=comment, user=UserFactory(), reason="other")


def test_hide_with_public_reason_then_restore(item, comment, moderator):
    services.flag_create(comment=comment, user=UserFactory(), reason="off_topic")
    services.comment_hide(comment=comment, moderator=moderator, reason="off-topic")
    comment.refresh_from_db()
    item.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.moderation_reason == "off-topic"
    assert comment.flag_count == 0 and not Flag.objects.filter(reviewed_at__isnull=True).exists()
    assert item.comment_count == 0
    services.comment_restore(comment=comment, moderator=moderator, reason="on reflection fine")
    comment.refresh_from_db()
    item.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE and item.comment_count == 1
    assert list(ModerationAction.objects.order_by("id").values_list("kind", flat=True)) == ["hide", "restore"]


def test_hiding_needs_a_reason(comment, moderator):
    with pytest.raises(DomainError, match="public reason"):
        services.comment_hide(comment=comment, moderator=moderator, reason="  ")


@pytest.mark.parametrize("role", ["coordinator", "evaluator", "other_moderator", "citizen"])
def test_moderator_powers_are_limited_to_their_edp(comment, other_edp, edp, role):
    if role == "other_moderator":
        user = EDPRoleFactory(edp=other_edp, role=EDPRole.Role.MODERATOR).user
    elif role == "citizen":
        user = UserFactory()
    else:
        user = EDPRoleFactory(edp=edp, role=role).user
    with pytest.raises(DomainError, match="Only moderators"):
        services.comment_hide(comment=comment, moderator=user, reason="nope")
    with pytest.raises(DomainError, match="Only moderators"):
        services.user_block(
            consultation=comment.item.consultation, moderator=user, user=comment.author, days=3, reason="x"
        )


def test_block_stops_commenting_in_that_consultation_only(edp, consultation, item, comment, moderator, resident):
    block = services.user_block(consultation=consultation, moderator=moderator, user=resident, days=7, reason="insults")
    fresh = type(resident).objects.get(pk=resident.pk)  # no per-request cache
    with pytest.raises(DomainError, match="paused your commenting.*insults"):
        services.comment_create(item=item, author=fresh, body="Again")
    # Stances are still possible, and other consultations are unaffected.
    services.stance_set(item=item, user=fresh, position="oppose")
    other = ItemFactory(consultation=ConsultationFactory(edp=edp))
    services.comment_create(item=other, author=fresh, body="Elsewhere is fine")
    services.user_block_lift(block=block, moderator=moderator)
    fresh = type(resident).objects.get(pk=resident.pk)
    services.comment_create(item=item, author=fresh, body="Allowed again")
    kinds = set(ModerationAction.objects.values_list("kind", flat=True))
    assert {"block", "unblock"} <= kinds


def test_expired_block_no_longer_applies(consultation, item, moderator, resident):
    block = services.user_block(
        consultation=consultation, moderator=moderator, user=resident, days=1, reason="cool off"
    )
    type(block).objects.filter(pk=block.pk).update(until=timezone.now())
    fresh = type(resident).objects.get(pk=resident.pk)
    services.comment_create(item=item, author=fresh, body="Back")


def test_answers_by_coordinator_only_on_the_item_comments(consultation, item, comment, coordinator):
    answer = services.answer_create(
        consultation=consultation,
        author=coordinator,
        item=item,
        comments=[comment],
        summary="People want local processing",
        outcome="partly_accepted",
        reason="We added it to the plan for 2027.",
    )
    assert list(answer.comments.all()) == [comment]
    other_item = ItemFactory(consultation=consultation)
    with pytest.raises(DomainError, match="on the chosen item"):
        services.answer_create(
            consultation=consultation,
            author=coordinator,
            item=other_item,
            comments=[comment],
            summary="x",
            outcome="accepted",
            reason="y",
        )
    with pytest.raises(DomainError, match="Only coordinators"):
        services.answer_create(
            consultation=consultation,
            author=UserFactory(),
            item=item,
            comments=[comment],
            summary="x",
            outcome="accepted",
            reason="y",
        )


def test_answers_frozen_after_report_published(edp, coordinator, resident):
    consultation = ConsultationFactory(edp=edp, published=True)
    item = ItemFactory(consultation=consultation)
    from tests.factories.consultations import CommentFactory

    comment = CommentFactory(item=item)
    with pytest.raises(DomainError, match="report has been published"):
        services.answer_create(
            consultation=consultation,
            author=coordinator,
            item=item,
            comments=[comment],
            summary="x",
            outcome="accepted",
            reason="y",
        )


def test_report_publish_only_after_close(consultation, coordinator):
    with pytest.raises(DomainError, match="once the consultation has closed"):
        services.consultation_publish_report(consultation=consultation, actor=coordinator, summary="Too early")
    services.consultation_close_early(consultation=consultation, actor=coordinator, reason="Enough input")
    services.consultation_publish_report(consultation=consultation, actor=coordinator, summary="Done")
    consultation.refresh_from_db()
    assert consultation.state == "report_published"
