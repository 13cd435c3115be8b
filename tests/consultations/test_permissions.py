"""Who gets in, per view and action, over every role and consultation state.
Expected codes: 200/302 allowed, 403 refused (with the reason), "login"
for a redirect to the sign-in page."""

import pytest
from django.urls import reverse

from consultations.models import Comment, HelpfulMark, Stance
from tests.factories.consultations import CommentFactory, ItemFactory

from .conftest import ROLES, consultation_in

pytestmark = pytest.mark.django_db

STATES = ["scheduled", "open", "closed", "published"]
VERIFIED = {"citizen", "stakeholder", "evaluator", "moderator", "other_moderator", "coordinator", "other_coordinator"}


def _check(response, expected):
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:300]


def _expected_participation(role, state, ok=302):
    if role == "anonymous":
        return "login"
    return ok if (state == "open" and role in VERIFIED) else 403


@pytest.fixture
def setup(edp, as_role):
    def make(role, state):
        consultation = consultation_in(state, edp)
        item = ItemFactory(consultation=consultation)
        comment = CommentFactory(item=item)
        client, user = as_role(role)
        return client, user, consultation, item, comment

    return make


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_everyone(setup, role, state):
    client, _user, consultation, item, _comment = setup(role, state)
    for url in (
        reverse("consultations:list"),
        reverse("consultations:detail", args=[consultation.pk]),
        reverse("consultations:item", args=[item.pk]),
        reverse("consultations:item_comments", args=[item.pk]),
        reverse("consultations:answers", args=[consultation.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_take_a_stance(setup, role, state):
    client, user, _c, item, _comment = setup(role, state)
    response = client.post(reverse("consultations:stance", args=[item.pk]), {"position": "support"})
    expected = _expected_participation(role, state)
    _check(response, expected)
    assert Stance.objects.filter(item=item).count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_comment(setup, role, state):
    client, _user, _c, item, _comment = setup(role, state)
    response = client.post(reverse("consultations:comment", args=[item.pk]), {"body": "My view"})
    expected = _expected_participation(role, state)
    _check(response, expected)
    assert Comment.objects.filter(body="My view").count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_mark_helpful(setup, role, state):
    client, _user, _c, _item, comment = setup(role, state)
    response = client.post(reverse("consultations:helpful", args=[comment.pk]), {"helpful": "1"})
    expected = _expected_participation(role, state)
    _check(response, expected)
    assert HelpfulMark.objects.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_flag_page(setup, role):
    client, _user, _c, _item, comment = setup(role, "closed")
    expected = "login" if role == "anonymous" else (200 if role in VERIFIED else 403)
    _check(client.get(reverse("consultations:flag", args=[comment.pk])), expected)


@pytest.mark.parametrize("state", ["open", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue_and_hiding_only_for_moderators_of_this_edp(setup, role, state):
    client, _user, consultation, _item, comment = setup(role, state)
    expected = "login" if role == "anonymous" else (200 if role == "moderator" else 403)
    _check(client.get(reverse("consultations:moderation", args=[consultation.pk])), expected)
    response = client.post(
        reverse("consultations:comment_moderate", args=[comment.pk]), {"action": "hide", "hide-reason": "off-topic"}
    )
    _check(response, 302 if role == "moderator" else expected)
    comment.refresh_from_db()
    assert (comment.status == Comment.Status.HIDDEN) == (role == "moderator")


@pytest.mark.parametrize("role", ROLES)
def test_moderation_log_for_coordinators_and_moderators(setup, role):
    client, _user, consultation, _item, _comment = setup(role, "open")
    expected = "login" if role == "anonymous" else (200 if role in ("moderator", "coordinator") else 403)
    _check(client.get(reverse("consultations:moderation_log", args=[consultation.pk])), expected)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_answer_comments(setup, role, state):
    client, _user, consultation, _item, _comment = setup(role, state)
    allowed = role == "coordinator" and state != "published"
    expected = "login" if role == "anonymous" else (200 if allowed else 403)
    _check(client.get(reverse("consultations:answer_create", args=[consultation.pk])), expected)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_report(setup, role, state):
    client, _user, consultation, _item, _comment = setup(role, state)
    allowed = state == "published" or (state == "closed" and role == "coordinator")
    refused = "login" if role == "anonymous" else 403
    for name in ("consultations:report", "consultations:report_xlsx"):
        _check(client.get(reverse(name, args=[consultation.pk])), 200 if allowed else refused)
    _check(
        client.get(reverse("consultations:report_csv", args=[consultation.pk, "comments"])), 200 if allowed else refused
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_publish_report(setup, role, state):
    client, _user, consultation, _item, _comment = setup(role, state)
    response = client.post(reverse("consultations:report_publish", args=[consultation.pk]), {"summary": "Done"})
    allowed = role == "coordinator" and state == "closed"
    _check(response, "login" if role == "anonymous" else (302 if allowed else 403))
    consultation.refresh_from_db()
    assert (consultation.report_summary == "Done") == allowed


@pytest.mark.parametrize("role", ROLES)
def test_create_consultation_only_for_coordinators_of_this_edp(edp, as_role, role):
    client, _user = as_role(role)
    expected = "login" if role == "anonymous" else (200 if role == "coordinator" else 403)
    _check(client.get(reverse("consultations:create", args=[edp.slug])), expected)


def test_create_consultation_refused_before_the_consultation_stage(edp, as_role):
    edp.stage = "evaluation"
    edp.save()
    client, _user = as_role("coordinator")
    _check(client.get(reverse("consultations:create", args=[edp.slug])), 403)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_edit_consultation(setup, role, state):
    client, _user, consultation, _item, _comment = setup(role, state)
    allowed = role == "coordinator" and state != "published"
    expected = "login" if role == "anonymous" else (200 if allowed else 403)
    _check(client.get(reverse("consultations:edit", args=[consultation.pk])), expected)


@pytest.mark.parametrize("role", ROLES)
def test_edit_and_delete_comment_only_by_the_author(setup, role):
    client, user, _c, item, comment = setup(role, "open")
    expected = "login" if role == "anonymous" else 403
    _check(client.get(reverse("consultations:comment_edit", args=[comment.pk])), expected)
    _check(client.post(reverse("consultations:comment_delete", args=[comment.pk])), expected)
    if user is not None:
        own = CommentFactory(item=item, author=user)
        allowed = role in VERIFIED or role == "unverified"
        _check(client.get(reverse("consultations:comment_edit", args=[own.pk])), 200 if allowed else 403)
