import pytest
from django.urls import reverse

from stakeholders.models import Membership, Organisation
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

from .conftest import ROLES, make_organisations

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]

# --- permission tables --------------------------------------------------------
COORDS_OK = {"coordinator": 200, "coordinator_other": 200}
# role -> expected status for each page (302 to login for anonymous).
GET_PAGES = {
    "directory": {"anonymous": 200, "citizen": 200, "member": 200, "representative": 200, "staff": 200, **COORDS_OK},
    "detail": {"anonymous": 200, "citizen": 200, "member": 200, "representative": 200, "staff": 200, **COORDS_OK},
    "register": {"anonymous": 302, "citizen": 200, "member": 200, "representative": 200, "staff": 200, **COORDS_OK},
    "mine": {"anonymous": 302, "citizen": 200, "member": 200, "representative": 200, "staff": 200, **COORDS_OK},
}


def _url(name, org):
    return reverse(f"stakeholders:{name}", args=[org.pk] if name == "detail" else [])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(GET_PAGES))
def test_get_pages_by_role(client_as, org, role, page):
    client, _ = client_as(role)
    response = client.get(_url(page, org))
    assert response.status_code == GET_PAGES[page][role]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_members", "sees_requests", "sees_verify"),
    [
        ("anonymous", False, False, False),
        ("citizen", False, False, False),
        ("member", True, False, False),
        ("representative", True, True, False),
        ("staff", True, True, True),
        ("coordinator", False, False, True),
        ("coordinator_other", False, False, False),
    ],
)
def test_detail_shows_each_role_what_it_may_see(client_as, org, role, sees_members, sees_requests, sees_verify):
    client, _ = client_as(role)
    html = client.get(_url("detail", org)).content.decode()
    assert ('id="members-heading"' in html) is sees_members
    assert ('id="requests-heading"' in html) is sees_requests
    assert ('id="verify-heading"' in html) is sees_verify


@pytest.mark.django_db
def test_unverified_email_cannot_register_or_join(client, org):
    user = UserFactory(verified=False)
    client.force_login(user)
    response = client.get(reverse("stakeholders:register"))
    assert response.status_code == 403
    assert "Verify your email address" in response.content.decode()
    assert client.post(reverse("stakeholders:join", args=[org.pk])).status_code == 403
    assert not Membership.objects.filter(user=user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "created"),
    [
        ("anonymous", 302, False),
        ("citizen", 302, True),
        ("member", 302, False),
        ("representative", 302, False),
        ("staff", 302, True),
        ("coordinator", 302, True),
        ("coordinator_other", 302, True),
    ],
)
def test_join_by_role(client_as, org, role, status, created):
    client, user = client_as(role)
    response = client.post(reverse("stakeholders:join", args=[org.pk]))
    assert response.status_code == status
    pending = Membership.objects.filter(organisation=org, status="pending")
    assert pending.exists() is created
    if role == "member":
        follow = client.get(response["Location"])
        assert "already a member" in follow.content.decode()


@pytest.mark.django_db
def test_join_a_non_existent_organisation_is_404_and_saves_nothing(client_as, org):
    client, user = client_as("citizen")
    before = Membership.objects.count()
    response = client.post(reverse("stakeholders:join", args=[org.pk + 1000]))
    assert response.status_code == 404
    assert Membership.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "decided"),
    [
        ("anonymous", 302, False),
        ("citizen", 403, False),
        ("member", 403, False),
        ("representative", 302, True),
        ("staff", 302, True),
        ("coordinator", 403, False),
        ("coordinator_other", 403, False),
    ],
)
def test_decide_by_role(client_as, org, role, status, decided):
    request = MembershipFactory(organisation=org, status="pending")
    client, _ = client_as(role)
    response = client.post(reverse("stakeholders:decide", args=[org.pk, request.pk]), {"decision": "approve"})
    assert response.status_code == status
    if status == 403:
        assert "Only a representative of Ertis Agro" in response.content.decode()
    request.refresh_from_db()
    assert (request.status == "active") is decided


@pytest.mark.django_db
def test_decide_a_request_of_another_organisation_through_mine_is_404(client_as, org):
    other_request = MembershipFactory(status="pending")
    client, _ = client_as("representative")
    response = client.post(reverse("stakeholders:decide", args=[org.pk, other_request.pk]), {"decision": "approve"})
    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "verified"),
    [
        ("anonymous", 302, False),
        ("citizen", 403, False),
        ("member", 403, False),
        ("representative", 403, False),
        ("staff", 302, True),
        ("coordinator", 302, True),
        ("coordinator_other", 403, False),
    ],
)
def test_verify_by_role(client_as, org, role, status, verified):
    Organisation.objects.filter(pk=org.pk).update(verification="unverified")
    client, _ = client_as(role)
    response = client.post(reverse("stakeholders:verify", args=[org.pk]), {"decision": "verify"})
    assert response.status_code == status
    org.refresh_from_db()
    assert org.is_verified is verified


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "left"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("member", True),
        ("representative", False),
        ("staff", False),
        ("coordinator", False),
        ("coordinator_other", False),
    ],
)
def test_leave_by_role(client_as, org, people, role, left):
    client, user = client_as(role)
    before = Membership.objects.count()
    client.post(reverse("stakeholders:leave", args=[org.pk]))
    assert (Membership.objects.count() == before - 1) is left


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["join", "leave", "verify"])
def test_state_changes_refuse_get(client_as, org, name):
    client, _ = client_as("staff")
    assert client.get(reverse(f"stakeholders:{name}", args=[org.pk])).status_code == 405


@pytest.mark.django_db
def test_state_changes_need_csrf(org, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["citizen"])
    assert client.post(reverse("stakeholders:join", args=[org.pk])).status_code == 403
    assert not Membership.objects.filter(user=people["citizen"]).exists()


# --- registration through the page -----------------------------------------------


@pytest.mark.django_db
def test_register_page_creates_and_redirects(client_as):
    client, user = client_as("citizen")
    response = client.post(
        reverse("stakeholders:register"),
        {
            "name_en": "Steppe Robotics",
            "helix": "industry",
            "kind": "sme",
            "region": region().pk,
            "bin": "040140001008",
        },
    )
    org = Organisation.objects.get(name_en="Steppe Robotics")
    assert response["Location"] == reverse("stakeholders:detail", args=[org.pk])
    page = client.get(response["Location"]).content.decode()
    assert "is registered and you are its representative" in page
    assert "Not verified" in page


@pytest.mark.django_db
def test_register_page_shows_errors_next_to_fields(client_as):
    client, _ = client_as("citizen")
    response = client.post(
        reverse("stakeholders:register"),
        {"name_en": "X", "helix": "academia", "kind": "sme", "region": region().pk, "bin": "123"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_bin_errors"' in html and "exactly 12 digits" in html
    assert 'id="id_kind_errors"' in html
    assert not Organisation.objects.filter(name_en="X").exists()


@pytest.mark.django_db
def test_register_duplicate_links_to_the_existing_one(client_as, org):
    client, _ = client_as("citizen")
    before = Organisation.objects.count()
    response = client.post(
        reverse("stakeholders:register"),
        {"name_en": "ERTIS agro", "helix": "industry", "kind": "sme", "region": org.region.pk},
    )
    html = response.content.decode()
    assert 'id="duplicate-organisation"' in html
    assert Organisation.objects.count() == before
    assert reverse("stakeholders:detail", args=[org.pk]) in html


# --- directory ---------------------------------------------------------------------


@pytest.mark.django_db
def test_directory_filters_search_and_counts(client):
    OrganisationFactory(name="Toraighyrov University", helix="academia", kind="university")
    OrganisationFactory(name="Green Irtysh", helix="civil_society", kind="ngo", description="air quality")
    OrganisationFactory(name="Kyzylorda Rice", region=region("kyzylorda"))
    html = client.get(reverse("stakeholders:directory"), {"helix": "academia"}).content.decode()
    assert "Toraighyrov University" in html and "Green Irtysh" not in html
    html = client.get(reverse("stakeholders:directory"), {"q": "AIR"}).content.decode()
    assert "Green Irtysh" in html and "Toraighyrov" not in html
    html = client.get(reverse("stakeholders:directory"), {"region": "kyzylorda"}).content.decode()
    assert "Kyzylorda Rice" in html and "Green Irtysh" not in html
    response = client.get(reverse("stakeholders:directory"), {"helix": "academia"})
    counts = {row["helix"]: row["count"] for row in response.context["helix_counts"]}
    assert counts == {"government": 0, "industry": 1, "academia": 1, "civil_society": 1}
    assert 'data-helix-chart="helix-counts-data"' in response.content.decode()


@pytest.mark.django_db
def test_unverified_organisations_are_marked_in_directory_detail_and_mine(client, login):
    rep = UserFactory()
    org = OrganisationFactory(name="Fresh Start", verification="unverified")
    MembershipFactory(organisation=org, user=rep, role="representative")
    login(rep)
    for url in [
        reverse("stakeholders:directory"),
        reverse("stakeholders:detail", args=[org.pk]),
        reverse("stakeholders:mine"),
    ]:
        assert "badge-unverified" in client.get(url).content.decode()


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    make_organisations(3)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("stakeholders:directory")).status_code == 200
    make_organisations(27)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("stakeholders:directory")).status_code == 200


@pytest.mark.django_db
def test_directory_is_paginated(client):
    for _ in range(25):
        OrganisationFactory()
    first = client.get(reverse("stakeholders:directory"))
    assert len(first.context["page"].object_list) == 20
    assert len(client.get(reverse("stakeholders:directory"), {"page": 2}).context["page"].object_list) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS)
def test_user_text_is_rendered_inert(client, login, payload):
    user = UserFactory(display_name=payload)
    org = OrganisationFactory(name=payload, description=payload, verification="unverified")
    MembershipFactory(organisation=org, user=user, role="representative")
    login(user)
    for url in [
        reverse("stakeholders:directory"),
        reverse("stakeholders:detail", args=[org.pk]),
        reverse("stakeholders:mine"),
        reverse("home"),
    ]:
        html = client.get(url).content.decode()
        assert payload not in html
        assert "&lt;" in html


# --- editing ------------------------------------------------------------------------

EDIT_DATA = {"name_en": "Ertis Agro", "helix": "industry", "kind": "sme", "description_en": "Dairy near Aksu"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "get_status", "changed"),
    [
        ("anonymous", 302, False),
        ("citizen", 403, False),
        ("member", 403, False),
        ("representative", 200, True),
        ("staff", 200, True),
        ("coordinator", 403, False),
        ("coordinator_other", 403, False),
    ],
)
def test_edit_by_role(client_as, org, role, get_status, changed):
    client, _ = client_as(role)
    url = reverse("stakeholders:edit", args=[org.pk])
    assert client.get(url).status_code == get_status
    client.post(url, {**EDIT_DATA, "region": org.region.pk})
    org.refresh_from_db()
    assert (org.description_en == "Dairy near Aksu") is changed


@pytest.mark.django_db
def test_a_representative_renaming_a_verified_organisation_sends_it_back_to_verification(client_as, org):
    client, _ = client_as("representative")
    response = client.post(
        reverse("stakeholders:edit", args=[org.pk]), {**EDIT_DATA, "name_en": "Ertis Dairy", "region": org.region.pk}
    )
    org.refresh_from_db()
    assert org.name_en == "Ertis Dairy" and org.verification == "unverified"
    assert "will verify it again" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_editing_only_the_description_keeps_verification(client_as, org):
    client, _ = client_as("representative")
    client.post(reverse("stakeholders:edit", args=[org.pk]), {**EDIT_DATA, "region": org.region.pk})
    org.refresh_from_db()
    assert org.is_verified


@pytest.mark.django_db
def test_editing_into_a_duplicate_is_refused(client_as, org):
    OrganisationFactory(name="Irtysh Digital", region=org.region)
    client, _ = client_as("representative")
    response = client.post(
        reverse("stakeholders:edit", args=[org.pk]), {**EDIT_DATA, "name_en": "IRTYSH digital", "region": org.region.pk}
    )
    assert 'id="duplicate-organisation"' in response.content.decode()
    org.refresh_from_db()
    assert org.name_en == "Ertis Agro"


@pytest.mark.django_db
def test_coordinators_see_their_regions_verification_queue_only(client_as, org):
    waiting_here = OrganisationFactory(name="Waiting Here", verification="unverified", region=org.region)
    waiting_there = OrganisationFactory(name="Waiting There", verification="unverified", region=region("kyzylorda"))
    client, _ = client_as("coordinator")
    queue = list(client.get(reverse("stakeholders:mine")).context["awaiting_verification"])
    assert waiting_here in queue and waiting_there not in queue
    client, _ = client_as("staff")
    queue = list(client.get(reverse("stakeholders:mine")).context["awaiting_verification"])
    assert waiting_here in queue and waiting_there in queue
