import json
import time
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import personal_data
from accounts.models import User
from stakeholders.models import Membership, Organisation
from tests.factories.accounts import PASSWORD, UserFactory, give_totp
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

ACCOUNT_PAGES = ["accounts:profile", "accounts:personal_data", "accounts:delete"]


@pytest.fixture
def people(db):
    org = OrganisationFactory()
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "member": MembershipFactory(organisation=org).user,
        "representative": MembershipFactory(organisation=org, role="representative").user,
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "citizen", "member", "representative", "staff"])
@pytest.mark.parametrize("page", ACCOUNT_PAGES)
def test_account_pages_by_role(client, login, people, role, page):
    if people[role]:
        login(people[role])
    response = client.get(reverse(page))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 200


@pytest.mark.django_db
def test_profile_update(client, login, citizen):
    login(citizen)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "  Aliya S.  ", "preferred_language": "kk", "region": region().pk, "helix": "academia"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.preferred_language, citizen.region.code, citizen.helix) == (
        "Aliya S.",
        "kk",
        "pavlodar",
        "academia",
    )
    assert '<html lang="kk">' in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.django_db
def test_profile_rejects_bad_choices_next_to_the_field(client, login, citizen):
    login(citizen)
    response = client.post(reverse("accounts:profile"), {"display_name": "x", "helix": "martians", "region": "99999"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_helix_errors"' in html and 'id="id_region_errors"' in html
    citizen.refresh_from_db()
    assert citizen.display_name != "x"


@pytest.mark.django_db
def test_citizens_without_helix_count_as_civil_society(citizen):
    assert citizen.helix == "" and citizen.effective_helix == "civil_society"


# --- personal data -----------------------------------------------------------------


def _link(client):
    page = client.get(reverse("accounts:personal_data"))
    return reverse("accounts:personal_data_download", args=[page.context["token"]])


@pytest.mark.django_db
def test_personal_data_download_gives_the_owner_a_json_file(client, login):
    user = UserFactory(display_name="Aliya")
    give_totp(user)
    org = OrganisationFactory(name="Ertis Agro", created_by=user)
    MembershipFactory(organisation=org, user=user, role="representative")
    login(user)
    response = client.get(_link(client))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["accounts"]["email"] == user.email and data["accounts"]["display_name"] == "Aliya"
    assert data["accounts"]["two_factor_methods"] == ["totp"]
    assert data["stakeholders"]["memberships"][0]["organisation"] == "Ertis Agro"
    assert data["stakeholders"]["organisations_registered"][0]["name"] == "Ertis Agro"
    text = response.content.decode()
    assert user.password not in text and "secret" not in text


@pytest.mark.django_db
def test_personal_data_link_works_only_for_its_owner(client, login):
    owner, other = UserFactory(), UserFactory()
    login(owner)
    link = _link(client)
    client.logout()
    anonymous = client.get(link)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    login(other)
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_personal_data_link_expires(client, login, settings):
    user = UserFactory()
    login(user)
    past = time.time() - settings.PERSONAL_DATA_LINK_MAX_AGE - 60
    with mock.patch("time.time", return_value=past):
        token = personal_data.make_token(user)
    response = client.get(reverse("accounts:personal_data_download", args=[token]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:personal_data")
    assert "expired" in response.content.decode()


@pytest.mark.django_db
def test_tampered_link_is_refused(client, login):
    user = UserFactory()
    login(user)
    token = personal_data.make_token(user)
    forged = f"{user.pk + 1}:{token.split(':', 1)[1]}"
    response = client.get(reverse("accounts:personal_data_download", args=[forged]))
    assert response.status_code == 302


@pytest.mark.django_db
def test_other_apps_can_add_their_part(user, monkeypatch):
    declared = personal_data.parts()
    monkeypatch.setattr(
        personal_data, "parts", lambda: {**declared, "testapp": lambda u: {"ideas": [f"idea of {u.pk}"]}}
    )
    assert personal_data.collect(user)["testapp"] == {"ideas": [f"idea of {user.pk}"]}


# --- account deletion ----------------------------------------------------------------


@pytest.mark.django_db
def test_delete_with_wrong_password_changes_nothing(client, login):
    user = UserFactory(display_name="Aliya")
    MembershipFactory(user=user)
    login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong-password", "confirm": "on"})
    assert response.status_code == 200
    assert 'id="id_password_errors"' in response.content.decode()
    user.refresh_from_db()
    assert user.anonymised_at is None and user.display_name == "Aliya"
    assert Membership.objects.filter(user=user).exists() and EmailAddress.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_delete_without_confirmation_is_refused(client, login, user):
    login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert 'id="id_confirm_errors"' in response.content.decode()
    user.refresh_from_db()
    assert user.anonymised_at is None


@pytest.mark.django_db
def test_delete_anonymises_keeps_contributions_and_signs_out(client, login):
    user = UserFactory(display_name="Aliya", region=region(), helix="industry")
    email = user.email
    give_totp(user)
    org = OrganisationFactory(created_by=user)
    MembershipFactory(user=user, organisation=org, role="representative")
    login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.anonymised_at is not None
    assert user.email != email and user.email.endswith("@deleted.invalid")
    assert user.display_name == "" and user.region is None and user.helix == ""
    assert not user.has_usable_password() and not user.is_active
    assert user.public_name == "Former participant"
    assert not Membership.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    from allauth.mfa.models import Authenticator

    assert not Authenticator.objects.filter(user=user).exists()
    # What they contributed stays, pointing at the anonymised person.
    assert Organisation.objects.get(pk=org.pk).created_by == user
    # The address is free again, and they can no longer sign in.
    relogin = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session and relogin.status_code == 200


@pytest.mark.django_db
def test_two_deleted_accounts_never_collide(client):
    from accounts.services import user_delete_account

    a, b = UserFactory(), UserFactory()
    user_delete_account(user=a, password=PASSWORD)
    user_delete_account(user=b, password=PASSWORD)
    assert User.objects.filter(email__endswith="@deleted.invalid").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_display_name_is_inert_on_account_pages(client, login, payload):
    user = UserFactory(display_name=payload)
    login(user)
    for name in ACCOUNT_PAGES:
        html = client.get(reverse(name)).content.decode()
        assert payload not in html
