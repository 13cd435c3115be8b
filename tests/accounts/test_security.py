"""Sign-in hardening: rate limits on every login path, no account
enumeration, production settings that refuse to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import PASSWORD, UserFactory

BASE_DIR = Path(settings.BASE_DIR)


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_sixth_failed_login_within_five_minutes_is_refused_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        response = _login(client, user.email, "wrong-password-1")
        assert response.status_code == 200 and not _signed_in(client)
    # From another browser (another session, same account): still refused.
    other = Client()
    response = _login(other, user.email, PASSWORD)
    assert not _signed_in(other)
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_login_is_the_same_path_and_just_as_limited(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    # The admin has no login form of its own: it sends people to allauth.
    response = client.get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and not _signed_in(client)
    for _ in range(5):
        client.post(f"{reverse('account_login')}?next=/admin/", {"login": user.email, "password": "nope-nope-1"})
    response = client.post(f"{reverse('account_login')}?next=/admin/", {"login": user.email, "password": PASSWORD})
    assert not _signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.post("/admin/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    assert not _signed_in(client)


@pytest.mark.django_db
def test_limit_is_per_account_not_global(client):
    locked, fine = UserFactory(), UserFactory()
    for _ in range(5):
        _login(client, locked.email, "wrong-password-1")
    _login(client, fine.email, PASSWORD)
    assert client.session["_auth_user_id"] == str(fine.pk)


@pytest.mark.django_db
def test_login_does_not_reveal_whether_an_account_exists(client):
    user = UserFactory()
    unknown = _login(Client(), "nobody-here@example.kz", "wrong-password-1")
    wrong = _login(Client(), user.email, "wrong-password-1")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    # ...and after five failures both are locked the same way.
    for _ in range(5):
        unknown = _login(Client(), "nobody-here@example.kz", "wrong-password-1")
        wrong = _login(Client(), user.email, "wrong-password-1")
    assert unknown.context["form"].errors == wrong.context["form"].errors


@pytest.mark.django_db
def test_password_reset_looks_the_same_for_unknown_emails():
    user = UserFactory()
    known = Client().post(reverse("account_reset_password"), {"email": user.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody-here@example.kz"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 2  # the unknown address is told no account exists, privately


@pytest.mark.django_db
def test_password_reset_flow_sets_a_new_password(client):
    import re

    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    action = form.redirect_chain[-1][0] if form.redirect_chain else link
    client.post(action, {"password1": "a-brand-new-pass-77", "password2": "a-brand-new-pass-77"})
    user.refresh_from_db()
    assert user.check_password("a-brand-new-pass-77")


@pytest.mark.django_db
def test_signup_with_display_name_requires_email_verification(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.kz",
            "display_name": "New Person",
            "password1": "a-long-pass-9911",
            "password2": "a-long-pass-9911",
        },
    )
    assert response.status_code == 302
    from accounts.models import User

    user = User.objects.get(email="new.person@example.kz")
    assert user.display_name == "New Person"
    assert not _signed_in(client)  # mandatory verification
    assert "confirm-email" in mail.outbox[0].body
    import re

    key_url = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    # GET only shows the confirmation page (no state change on GET).
    assert client.get(key_url).status_code == 200
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.get(user=user).verified
    client.post(key_url)
    assert EmailAddress.objects.get(user=user).verified
    assert _signed_in(client)


@pytest.mark.django_db
def test_signup_with_an_existing_email_creates_nothing_and_tells_only_the_owner(client):
    from accounts.models import User

    user = UserFactory()
    response = client.post(
        reverse("account_signup"),
        {"email": user.email.upper(), "password1": "a-long-pass-9911", "password2": "a-long-pass-9911"},
    )
    # Same answer as a fresh sign-up (no enumeration) ...
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    # ... and the real owner gets an email saying an account already exists.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]


@pytest.mark.django_db
def test_email_change_adds_an_unverified_address_and_sends_a_confirmation(client, login):
    from allauth.account.models import EmailAddress

    user = UserFactory()
    login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.kz"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(email="second@example.kz", verified=False).exists()
    assert mail.outbox[-1].to == ["second@example.kz"]


@pytest.mark.django_db
def test_logout_only_on_post(client, login, user):
    login(user)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200 and _signed_in(client)
    client.post(reverse("account_logout"))
    assert not _signed_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["accounts:profile", "accounts:delete"])
def test_account_state_changes_need_csrf(user, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse(name), {"display_name": "changed", "password": PASSWORD, "confirm": "on"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name != "changed" and user.anonymised_at is None


# --- production settings ------------------------------------------------------------


def _manage(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **(env_extra or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "env_extra",
    [{}, {"DJANGO_SECRET_KEY": "x" * 60}, {"DJANGO_ALLOWED_HOSTS": "edp.example.kz"}],
    ids=["nothing", "no-hosts", "no-secret"],
)
def test_production_refuses_to_start_without_secret_and_hosts(env_extra):
    result = _manage("check", env_extra=env_extra)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_check_deploy_prints_no_warning():
    result = _manage(
        "check",
        "--deploy",
        env_extra={"DJANGO_SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3, "DJANGO_ALLOWED_HOSTS": "edp.example.kz"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
