"""What several journeys do the same way: sign in through the real form,
find the Pavlodar EDP in its open consultation."""

import re

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import expect

from edp.workflow import Stage
from tests.factories.consultations import ConsultationFactory, ItemFactory
from tests.factories.edp import EDPFactory, RegionalAssetFactory
from tests.factories.stakeholders import region


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


EDP_TITLE = "Pavlodar smart specialisation 2026–2030"
CONSULTATION = "Which specialisations should Pavlodar choose?"
ITEM = "Aluminium processing and metallurgy"
COMMENT = "Train welders at the Pavlodar college, or the new plants will hire from elsewhere."


def pavlodar_consultation():
    """The Pavlodar EDP in its consultation stage, with an open consultation."""
    edp = EDPFactory(region=region("pavlodar"), title=EDP_TITLE, stage=Stage.CONSULTATION)
    RegionalAssetFactory(edp=edp, title="Aluminium smelter and its by-products")
    consultation = ConsultationFactory(edp=edp, title=CONSULTATION, introduction="Tell us what you think.")
    item = ItemFactory(consultation=consultation, title=ITEM, body="Build on the smelter: alloys, castings, recycling.")
    ItemFactory(consultation=consultation, title="Agro-processing of grain and oilseeds")
    return edp, item
