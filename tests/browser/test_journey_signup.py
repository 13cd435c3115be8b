"""Journey: a citizen signs up, follows the verification link from the email,
and switches the interface to Kazakh and back."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import unlabelled_controls

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up_and_verify(page, *, email: str, password: str, name: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(password)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(password)
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name=re.compile("Verify Your Email Address", re.I)).wait_for()
    # The verification link arrives by email (locmem backend in tests).
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()


def test_citizen_signs_up_verifies_and_switches_language(page):
    sign_up_and_verify(page, email="aigerim@example.kz", password="steppe-wind-2026", name="Aigerim")
    # Signed in after confirming: the account menu shows the display name.
    page.get_by_role("button", name="Aigerim").wait_for()

    page.get_by_label("Language").select_option("kk")
    page.get_by_role("button", name="Change").click()
    page.wait_for_selector("html[lang=kk]")
    assert page.locator("html").get_attribute("lang") == "kk"

    page.get_by_label("Тіл").select_option("en")
    page.locator("form[action$='/i18n/setlang/'] button[type=submit]").click()
    page.wait_for_selector("html[lang=en]")
    assert page.console_errors == []
