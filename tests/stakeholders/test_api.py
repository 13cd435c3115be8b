import pytest

from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

from .conftest import ROLES, make_organisations

URL = "/api/organisations/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_directory_api_is_public_and_read_only(client_as, org, role):
    client, _ = client_as(role)
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{org.pk}/").status_code == 200
    # Read-only for everyone, staff included.
    assert client.post(URL, {"name": "x"}, content_type="application/json").status_code in (403, 405)
    assert client.delete(f"{URL}{org.pk}/").status_code in (403, 405)


@pytest.mark.django_db
def test_api_filters_like_the_directory_and_never_shows_emails(client):
    uni = OrganisationFactory(name="Toraighyrov University", helix="academia", kind="university")
    rep = MembershipFactory(organisation=uni, role="representative").user
    OrganisationFactory(name="Kyzylorda Rice", region=region("kyzylorda"), verification="unverified")
    data = client.get(URL, {"helix": "academia"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["name"] == "Toraighyrov University" and row["is_verified"] is True
    assert row["representatives"] == [rep.public_name] and row["member_count"] == 1
    assert rep.email not in str(data)
    assert client.get(URL, {"region": "kyzylorda"}).json()["results"][0]["verification"] == "unverified"
    assert client.get(URL, {"verified": "true", "region": "kyzylorda"}).json()["count"] == 0
    assert client.get(URL, {"q": "rice"}).json()["count"] == 1
    assert client.get(URL, {"helix": "nonsense"}).status_code == 400


@pytest.mark.django_db
def test_api_list_query_count_is_bounded(client, django_assert_max_num_queries):
    make_organisations(3)
    with django_assert_max_num_queries(4):
        assert client.get(URL).status_code == 200
    make_organisations(30)
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert response.json()["count"] == 33 and len(response.json()["results"]) == 33
