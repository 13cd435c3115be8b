import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories.accounts import PASSWORD, UserFactory, give_totp
from tests.factories.stakeholders import OrganisationFactory, region


def _sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _make_coordinator(user):
    # bulk_create skips simple_history: on this main, saving an EDP through
    # the ORM fails in its history model (edp.translation lacks the
    # historical model registration), which is the edp app's to fix.
    from edp.models import EDP, EDPRole

    (edp,) = EDP.objects.bulk_create(
        [
            EDP(
                region=region(),
                owner=OrganisationFactory(),
                title="EDP",
                slug="edp-mfa",
                period_start=2026,
                period_end=2030,
            )
        ]
    )
    EDPRole.objects.bulk_create([EDPRole(edp=edp, user=user, role="coordinator")])


def _current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["staff", "coordinator"])
def test_staff_roles_without_totp_are_sent_to_set_it_up_and_told_why(client, kind):
    user = UserFactory(is_staff=kind == "staff")
    if kind == "coordinator":
        _make_coordinator(user)
    _sign_in(client, user)

    response = client.get(reverse("edp:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")

    # allauth asks for the password again before any MFA change; the reason
    # for being here is shown on that step too.
    reauth = client.get(reverse("mfa_activate_totp"), follow=True)
    assert reauth.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert 'id="mfa-required-notice"' in reauth.content.decode()
    client.post(reauth.redirect_chain[-1][0], {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="mfa-required-notice"' in html
    assert "Two-factor authentication is required for your account" in html

    secret = client.session[SECRET_SESSION_KEY]
    done = client.post(reverse("mfa_activate_totp"), {"code": _current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(reverse("edp:list")).status_code == 200
    assert 'id="mfa-required-notice"' not in client.get(reverse("mfa_index")).content.decode()


@pytest.mark.django_db
def test_sign_out_stays_reachable_for_staff_without_totp(client):
    user = UserFactory(is_staff=True)
    _sign_in(client, user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_citizens_are_not_forced_into_mfa_but_may_enable_it(client):
    user = UserFactory()
    _sign_in(client, user)
    assert client.get(reverse("edp:list")).status_code == 200
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.status_code == 200
    assert 'id="mfa-required-notice"' not in page.content.decode()


@pytest.mark.django_db
def test_staff_with_totp_must_enter_a_code_at_sign_in_and_recovery_codes_work(client):
    user = UserFactory(is_staff=True)
    secret = give_totp(user)
    response = _sign_in(client, user)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    bad = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if _current_code(secret) != "000000" else "111111"}
    )
    assert bad.status_code == 200 and "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_recovery_codes_are_generated_with_totp_and_can_be_viewed(client):
    user = UserFactory()
    _sign_in(client, user)
    reauth = client.get(reverse("mfa_activate_totp"), follow=True)
    client.post(reauth.redirect_chain[-1][0], {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    client.post(reverse("mfa_activate_totp"), {"code": _current_code(client.session[SECRET_SESSION_KEY])})
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    page = client.get(reverse("mfa_view_recovery_codes"))
    assert page.status_code == 200
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    assert codes[0] in page.content.decode()
