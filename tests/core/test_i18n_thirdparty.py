"""Kazakh for the screens we do not write ourselves: allauth ships no kk
catalogue and Django's kk catalogues are incomplete, so locale_thirdparty/
fills both in (see LOCALE_PATHS)."""

import ast
import gettext
import re
from datetime import timedelta
from pathlib import Path

import allauth
import pytest
from django import forms
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from tests.factories.accounts import UserFactory

KK = {"HTTP_ACCEPT_LANGUAGE": "kk"}


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_login_page_is_in_kazakh(client):
    html = _text(client.get(reverse("account_login"), **KK))
    assert "Кіру" in html  # "Sign In"
    assert "Құпиясөз" in html  # "Password"
    assert "Құпиясөзді ұмыттыңыз ба?" in html  # "Forgot your password?"
    assert "Мені есте сақтау" in html  # "Remember Me"
    assert "Forgot your password?" not in html
    assert "Remember Me" not in html


@pytest.mark.django_db
def test_signup_page_is_in_kazakh_including_djangos_password_rules(client):
    html = _text(client.get(reverse("account_signup"), **KK))
    assert "Тіркелу" in html  # "Sign Up"
    assert "Құпиясөз (қайталаңыз)" in html  # "Password (again)"
    # Django's own kk catalogue lacks the password-validator help texts.
    assert "Құпиясөзіңіз тек цифрлардан тұрмауы тиіс." in html
    assert "Password (again)" not in html
    assert "can’t be entirely numeric" not in html


@pytest.mark.django_db
def test_signup_with_mismatched_passwords_explains_in_kazakh(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "aigerim@example.kz", "password1": "Dala-jeli-2026!", "password2": "Dala-jeli-2027!"},
        **KK,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["Құпиясөзді екі рет бірдей енгізуіңіз керек."]
    assert "You must type the same password each time." not in _text(response)
    assert not User.objects.filter(email="aigerim@example.kz").exists()


@pytest.mark.django_db
def test_signup_with_bad_email_uses_djangos_validator_message_in_kazakh(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": "Dala-jeli-2026!", "password2": "Dala-jeli-2026!"},
        **KK,
    )
    assert response.context["form"].errors["email"] == ["Дұрыс электрондық пошта мекенжайын енгізіңіз."]


@pytest.mark.django_db
def test_two_factor_page_is_in_kazakh(client):
    user = UserFactory(preferred_language="kk")
    client.force_login(user)
    html = _text(client.get(reverse("mfa_index")))
    assert "Екі факторлы аутентификация" in html  # "Two-Factor Authentication"
    assert "Аутентификатор қолданбасы" in html  # "Authenticator App"
    assert "Two-Factor Authentication" not in html


def test_djangos_incomplete_kk_catalogues_are_filled_in():
    now = timezone.now()
    with translation.override("kk"):
        assert naturaltime(now - timedelta(hours=5)) == "5\xa0сағат бұрын"
        # timesince output cannot take a case ending, so the future reads "after ... elapsed".
        assert naturaltime(now + timedelta(days=2, hours=3, seconds=30)) == "2\xa0күн, 3\xa0сағат өткен соң"
        with pytest.raises(forms.ValidationError) as error:
            forms.CharField(min_length=5).clean("abc")
        assert error.value.messages == ["Бұл мәнде кемінде 5 таңба болуы тиіс (қазір 3)."]


def _po_keys(path: Path) -> set[str]:
    """msgids of a .po file as gettext keys ("ctx\\x04msgid"), header excluded."""
    keys = set()
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            ctx = fields.get("msgctxt")
            keys.add(f"{ctx}\x04{fields['msgid']}" if ctx is not None else fields["msgid"])
    return keys


def test_every_allauth_message_has_a_kazakh_translation():
    # allauth's ru catalogue carries every msgid of the installed version; an
    # upgrade that adds strings fails here until locale_thirdparty catches up.
    wanted = _po_keys(Path(allauth.__file__).parent / "locale/ru/LC_MESSAGES/django.po")
    mo = settings.BASE_DIR / "locale_thirdparty/kk/LC_MESSAGES/django.mo"
    assert mo.exists(), "run `make compilemessages` first"
    with mo.open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    translated = {k if isinstance(k, str) else k[0] for k, v in catalog.items() if v}
    assert len(wanted) > 300
    assert sorted(wanted - translated) == []
