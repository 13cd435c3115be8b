"""What several journeys do the same way: sign in through the real form."""

import re

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import expect


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now for ``secret``."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def sign_in(page, *, email: str, password: str, totp_secret: str | None = None) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp_secret:
        page.get_by_label(re.compile(r"^Code\W*$")).fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Successfully signed in")).to_be_visible()
