import pytest

from consultations.models import Comment, Stance
from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory

from .conftest import ROLES

pytestmark = pytest.mark.django_db

VERIFIED = {"citizen", "stakeholder", "evaluator", "moderator", "other_moderator", "coordinator", "other_coordinator"}


@pytest.mark.parametrize("role", ROLES)
def test_reading_is_public(as_role, item, role):
    client, _ = as_role(role)
    CommentFactory(item=item)
    assert client.get("/api/consultations/").status_code == 200
    assert client.get(f"/api/consultations/{item.consultation_id}/").status_code == 200
    assert client.get(f"/api/consultation-items/?consultation={item.consultation_id}").status_code == 200
    assert client.get(f"/api/consultation-comments/?item={item.pk}").status_code == 200


@pytest.mark.parametrize("state", ["open", "closed"])
@pytest.mark.parametrize("role", ROLES)
def test_stance_permissions(as_role, edp, role, state):
    item = ItemFactory(consultation=ConsultationFactory(edp=edp, closed=state == "closed"))
    client, _ = as_role(role)
    response = client.post(
        f"/api/consultation-items/{item.pk}/stance/", {"position": "support"}, content_type="application/json"
    )
    if role == "anonymous":
        assert response.status_code == 403
    elif role in VERIFIED and state == "open":
        assert response.status_code == 200
        assert response.json()["item"]["support_count"] == 1
    else:
        assert response.status_code == 403
        assert response.json()["detail"]
    assert Stance.objects.count() == (1 if response.status_code == 200 else 0)


def test_comments_need_an_item_and_hide_what_is_hidden(client, item):
    assert client.get("/api/consultation-comments/").status_code == 400
    CommentFactory(item=item, status=Comment.Status.HIDDEN, moderation_reason="off-topic", body="secret words")
    CommentFactory(item=item, status=Comment.Status.DELETED, body="")
    data = client.get(f"/api/consultation-comments/?item={item.pk}").json()
    assert data["count"] == 2
    hidden = next(c for c in data["results"] if c["status"] == "hidden")
    assert hidden["body"] is None and hidden["moderation_reason"] == "off-topic"
    deleted = next(c for c in data["results"] if c["status"] == "deleted")
    assert deleted["author"] is None


def test_xss_is_returned_as_data_not_markup(client, item):
    from consultations import services
    from tests.factories.accounts import UserFactory

    author = UserFactory(display_name="<script>alert(1)</script>")
    services.comment_create(item=item, author=author, body="<img src=x onerror=alert(1)>")
    result = client.get(f"/api/consultation-comments/?item={item.pk}").json()["results"][0]
    assert "<img" not in result["body_html"]


@pytest.mark.parametrize(
    "path",
    ["/api/consultation-comments/?item={item}", "/api/consultation-items/?consultation={c}", "/api/consultations/"],
)
def test_api_query_counts_do_not_grow(client, item, django_assert_max_num_queries, path):
    url = path.format(item=item.pk, c=item.consultation_id)
    CommentFactory.create_batch(3, item=item)
    ItemFactory.create_batch(2, consultation=item.consultation)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    CommentFactory.create_batch(30, item=item)
    ItemFactory.create_batch(20, consultation=item.consultation)
    ConsultationFactory.create_batch(5, edp=item.consultation.edp)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_comments_paginated_and_sorted(client, item):
    CommentFactory.create_batch(60, item=item)
    top = CommentFactory(item=item, helpful_count=99)
    data = client.get(f"/api/consultation-comments/?item={item.pk}&sort=helpful").json()
    assert data["count"] == 61 and len(data["results"]) == 50 and data["next"]
    assert data["results"][0]["id"] == top.pk
