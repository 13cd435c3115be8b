import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_home_renders_in_each_language(client, lang):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.django_db
def test_home_lists_the_six_pilot_regions(client):
    response = client.get(reverse("home"))
    for name in ["East Kazakhstan", "Kyzylorda", "North Kazakhstan", "Pavlodar", "West Kazakhstan", "Zhambyl"]:
        assert name in response.content.decode()


@pytest.mark.django_db
def test_csp_header_is_enforced_and_strict(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_state_changing_language_switch_refuses_get(client):
    assert client.get(reverse("set_language")).status_code == 405


@pytest.mark.django_db
def test_language_switch_updates_signed_in_profile(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "kk"
    assert '<html lang="kk">' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_emails_name_the_platform_site_not_example_com(client, settings):
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    assert site.domain == "127.0.0.1:8000"
    client.post(
        reverse("account_signup"),
        {"email": "new@example.kz", "password1": "a-long-pass-2026", "password2": "a-long-pass-2026"},
    )
    from django.core import mail

    assert "example.com" not in mail.outbox[-1].subject + mail.outbox[-1].body
    assert "127.0.0.1:8000" in mail.outbox[-1].body
