from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Comment, HelpfulMark, Stance
from consultations.models.consultation import STANCE_POSITIONS, helix_counter
from core.errors import DomainError
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.consultations import ConsultationFactory, ItemFactory

pytestmark = pytest.mark.django_db


def _counts(item):
    item.refresh_from_db()
    return item.support_count, item.neutral_count, item.oppose_count


def test_stance_take_change_withdraw_keeps_counters_equal_to_rows(item, resident):
    services.stance_set(item=item, user=resident, position="support")
    assert _counts(item) == (1, 0, 0)
    services.stance_set(item=item, user=resident, position="support")  # resubmitted: no change
    assert _counts(item) == (1, 0, 0)
    services.stance_set(item=item, user=resident, position="oppose")
    assert _counts(item) == (0, 0, 1)
    assert Stance.objects.filter(item=item, user=resident).count() == 1
    services.stance_set(item=item, user=resident, position=None)
    assert _counts(item) == (0, 0, 0)
    assert not Stance.objects.exists()


def _helix_counters_match_rows(item) -> bool:
    """Every counter of the item (totals and by helix) equals its row count."""
    item.refresh_from_db()
    for helix in Helix.values:
        for position in Stance.Position.values:
            rows = Stance.objects.filter(item=item, helix=helix, position=position).count()
            if getattr(item, helix_counter(helix, position)) != rows:
                return False
    return _counts(item) == tuple(Stance.objects.filter(item=item, position=p).count() for p in Stance.Position.values)


def test_counter_names_follow_the_stance_positions():
    assert tuple(Stance.Position.values) == STANCE_POSITIONS


def test_stance_counters_by_helix_follow_every_change(item, resident):
    industry = UserFactory(helix="industry")
    academic = UserFactory(helix="academia")
    services.stance_set(item=item, user=resident, position="support")
    services.stance_set(item=item, user=industry, position="support")
    services.stance_set(item=item, user=academic, position="oppose")
    assert _helix_counters_match_rows(item)
    assert (item.civil_society_support_count, item.industry_support_count, item.academia_oppose_count) == (1, 1, 1)
    services.stance_set(item=item, user=industry, position="neutral")
    # The stance keeps the helix it was taken with, even if the person's changes later.
    academic.helix = "government"
    academic.save()
    services.stance_set(item=item, user=academic, position="support")
    services.stance_set(item=item, user=resident, position=None)
    assert _helix_counters_match_rows(item)
    assert (item.industry_neutral_count, item.academia_support_count, item.government_support_count) == (1, 1, 0)
    assert item.stances_by_helix()["industry"] == {"support": 0, "neutral": 1, "oppose": 0}


def test_a_stale_read_of_ones_stance_is_retried_not_double_counted(item, resident):
    services.stance_set(item=item, user=resident, position="support")
    item.my_stance = None  # read before the stance existed: the insert loses to the constraint
    services.stance_set(item=item, user=resident, position="neutral")
    assert Stance.objects.get(item=item, user=resident).position == "neutral"
    assert _helix_counters_match_rows(item)
    stored = Stance.objects.get(item=item, user=resident)
    item.my_stance = Stance(pk=stored.pk, position="support", helix=stored.helix)  # an outdated position
    services.stance_set(item=item, user=resident, position="oppose")
    assert _counts(item) == (0, 0, 1)
    assert _helix_counters_match_rows(item)


def test_stance_records_helix_and_region_of_the_person(item, resident):
    stance = services.stance_set(item=item, user=resident, position="neutral")
    assert stance.helix == "civil_society"
    assert stance.region_id == resident.region_id


@pytest.mark.parametrize("trait, words", [("scheduled", "opens on"), ("closed", "closed on"), ("published", "report")])
def test_outside_the_window_nobody_takes_part_and_is_told_why(edp, resident, trait, words):
    item = ItemFactory(consultation=ConsultationFactory(edp=edp, **{trait: True}))
    with pytest.raises(DomainError, match=words):
        services.stance_set(item=item, user=resident, position="support")
    with pytest.raises(DomainError, match=words):
        services.comment_create(item=item, author=resident, body="Hello there")
    assert not Stance.objects.exists() and not Comment.objects.exists()


def test_closed_early_says_why(consultation, item, resident, coordinator):
    services.consultation_close_early(consultation=consultation, actor=coordinator, reason="The plan was withdrawn")
    item = ItemFactory._meta.model.objects.select_related("consultation").get(pk=item.pk)  # as a new request loads it
    with pytest.raises(DomainError, match="The plan was withdrawn"):
        services.stance_set(item=item, user=resident, position="support")


def test_unverified_people_cannot_take_part(item):
    person = UserFactory(verified=False)
    with pytest.raises(DomainError, match="Confirm your email"):
        services.stance_set(item=item, user=person, position="support")


def test_comment_renders_markdown_subset_and_counts(item, resident):
    comment = services.comment_create(item=item, author=resident, body="I *like* it\n\n- a\n- b")
    assert "<em>like</em>" in comment.body_html and "<li>a</li>" in comment.body_html
    item.refresh_from_db()
    assert item.comment_count == 1


@pytest.mark.parametrize(
    "body, message", [("", "Write your comment"), (" x ", "Write your comment"), ("x" * 3001, "at most 3000")]
)
def test_comment_length_limits(item, resident, body, message):
    with pytest.raises(DomainError, match=message) as exc:
        services.comment_create(item=item, author=resident, body=body)
    assert exc.value.field == "body"


def test_rate_limit_refuses_the_eleventh_comment_in_a_minute_with_a_clear_message(item, resident):
    for i in range(10):
        services.comment_create(item=item, author=resident, body=f"Point number {i}")
    with pytest.raises(DomainError, match="10 comments in the last minute. Please wait") as exc:
        services.comment_create(item=item, author=resident, body="One too many")
    assert exc.value.code == "rate_limited"
    assert Comment.objects.count() == 10
    # A minute later it works again.
    Comment.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    services.comment_create(item=item, author=resident, body="Back again")


def test_replies_are_two_levels_deep(item, resident):
    other = UserFactory()
    top = services.comment_create(item=item, author=resident, body="Top level")
    reply = services.comment_create(item=item, author=other, body="A reply", parent=top)
    deeper = services.comment_create(item=item, author=resident, body="Reply to the reply", parent=reply)
    assert reply.parent_id == top.pk and deeper.parent_id == top.pk
    top.refresh_from_db()
    assert top.reply_count == 2


def test_reply_must_be_on_the_same_item(consultation, item, resident):
    other_item = ItemFactory(consultation=consultation)
    top = services.comment_create(item=other_item, author=resident, body="Elsewhere")
    with pytest.raises(DomainError, match="same item"):
        services.comment_create(item=item, author=resident, body="Reply", parent=top)


def test_edit_within_fifteen_minutes_only(item, resident):
    comment = services.comment_create(item=item, author=resident, body="First version")
    services.comment_edit(comment=comment, user=resident, body="Second version")
    comment.refresh_from_db()
    assert comment.body == "Second version" and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=15, seconds=5))
    with pytest.raises(DomainError, match="15 minutes"):
        services.comment_edit(comment=comment, user=resident, body="Third version")


def test_only_the_author_edits_or_deletes(item, resident):
    comment = services.comment_create(item=item, author=resident, body="Mine")
    stranger = UserFactory()
    with pytest.raises(DomainError):
        services.comment_edit(comment=comment, user=stranger, body="Yours now")
    with pytest.raises(DomainError):
        services.comment_delete(comment=comment, user=stranger)


def test_delete_keeps_the_place_and_the_replies(item, resident):
    top = services.comment_create(item=item, author=resident, body="To be deleted")
    reply = services.comment_create(item=item, author=UserFactory(), body="A reply", parent=top)
    services.comment_delete(comment=top, user=resident)
    top.refresh_from_db()
    assert top.status == Comment.Status.DELETED and top.body == "" and top.body_html == ""
    assert Comment.objects.filter(pk=reply.pk, parent=top).exists()
    item.refresh_from_db()
    assert item.comment_count == 1


def test_appear_as_resident_of_region(item, resident):
    comment = services.comment_create(item=item, author=resident, body="Anonymous-ish", show_as_resident=True)
    assert comment.author_label == "A resident of Pavlodar Region"
    assert resident.public_name not in comment.author_label


def test_appear_as_resident_needs_a_region(item):
    person = UserFactory(region=None)
    with pytest.raises(DomainError, match="region of residence") as exc:
        services.comment_create(item=item, author=person, body="Hello", show_as_resident=True)
    assert exc.value.field == "show_as_resident"


def test_helpful_marks_once_per_person_not_on_own_comment(item, resident):
    comment = services.comment_create(item=item, author=resident, body="Helpful?")
    reader = UserFactory()
    services.helpful_mark_set(comment=comment, user=reader, helpful=True)
    services.helpful_mark_set(comment=comment, user=reader, helpful=True)
    comment.refresh_from_db()
    assert comment.helpful_count == 1 == HelpfulMark.objects.count()
    services.helpful_mark_set(comment=comment, user=reader, helpful=False)
    comment.refresh_from_db()
    assert comment.helpful_count == 0 == HelpfulMark.objects.count()
    with pytest.raises(DomainError, match="own comment"):
        services.helpful_mark_set(comment=comment, user=resident, helpful=True)


def test_recount_rebuilds_counters(consultation, item, resident):
    comment = services.comment_create(item=item, author=resident, body="Counted")
    services.stance_set(item=item, user=resident, position="support")
    services.helpful_mark_set(comment=comment, user=UserFactory(), helpful=True)
    type(item).objects.filter(pk=item.pk).update(support_count=42, comment_count=42, civil_society_support_count=42)
    Comment.objects.filter(pk=comment.pk).update(helpful_count=42)
    services.consultation_recount(consultation=consultation)
    item.refresh_from_db()
    comment.refresh_from_db()
    assert (item.support_count, item.comment_count, comment.helpful_count) == (1, 1, 1)
    assert item.civil_society_support_count == 1
    assert _helix_counters_match_rows(item)
