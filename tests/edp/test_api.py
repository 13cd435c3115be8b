import pytest

from tests.factories.edp import IdeaFactory

from .conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_edps_and_only_public_idea_text(client_as, edp, role):
    submitted = IdeaFactory(edp=edp, submitted=True, activity="PRIVATE-ACTIVITY")
    public = IdeaFactory(edp=edp, submitted=True, full_text_public=True, activity="PUBLIC-ACTIVITY")
    IdeaFactory(edp=edp, title="DRAFT-TITLE")
    IdeaFactory(edp=edp, status="withdrawn", title="WITHDRAWN-TITLE")
    client = client_as(role)
    edps = client.get("/api/edps/").json()
    assert edp.slug in {e["slug"] for e in edps["results"]}
    detail = client.get(f"/api/edps/{edp.slug}/").json()
    assert detail["submitted_ideas"] == 2
    ideas = client.get("/api/ideas/", {"edp": edp.slug})
    body = ideas.content.decode()
    assert ideas.status_code == 200
    assert "DRAFT-TITLE" not in body and "WITHDRAWN-TITLE" not in body and "PRIVATE-ACTIVITY" not in body
    assert "PUBLIC-ACTIVITY" in body and submitted.title in body and public.title in body
    assert client.get(f"/api/ideas/{submitted.pk}/").json()["full_text"] is None


@pytest.mark.parametrize("role", ROLES)
def test_nobody_writes_through_the_api(client_as, edp, role):
    client = client_as(role)
    response = client.post("/api/ideas/", {"title": "x"}, content_type="application/json")
    assert response.status_code in (403, 405)
    response = client.delete(f"/api/edps/{edp.slug}/")
    assert response.status_code in (403, 405)


def test_api_lists_queries_do_not_grow(client, edp, django_assert_max_num_queries):
    for _ in range(3):
        IdeaFactory(edp=edp, submitted=True)
    with django_assert_max_num_queries(4):
        client.get("/api/ideas/")
    with django_assert_max_num_queries(4):
        client.get("/api/edps/")
    for _ in range(30):
        IdeaFactory(edp=edp, submitted=True)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/ideas/").json()["results"]) == 33
    with django_assert_max_num_queries(4):
        client.get("/api/edps/")
