"""Filters that submit themselves (``<select data-autosubmit>``) do so for a
mouse, but not at the first arrow key of a keyboard user, who has not
reached their choice yet and submits with the form's button."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.consultations import ConsultationFactory
from tests.factories.edp import EDPFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_state_filter_waits_for_the_keyboard_but_not_for_the_mouse(page):
    edp = EDPFactory(title="Pavlodar smart specialisation 2026–2030")
    ConsultationFactory(edp=edp, title="Open now")
    ConsultationFactory(edp=edp, title="Finished long ago", closed=True)
    page.goto(f"/consultations/?edp={edp.slug}")
    state = page.get_by_label("State")

    # Keyboard: Tab to the filter, arrow down twice: still on the same page.
    while not state.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(state).to_have_value("open")
    expect(page).not_to_have_url(re.compile(r"state="))
    expect(page.get_by_role("link", name="Finished long ago")).to_be_visible()
    # Tab to the button and Enter: filtered.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"state=open"))
    expect(page.get_by_role("link", name="Open now")).to_be_visible()
    expect(page.get_by_role("link", name="Finished long ago")).to_have_count(0)

    # Mouse: choosing an option submits at once.
    page.get_by_label("State").click()
    page.get_by_label("State").select_option("closed")
    expect(page).to_have_url(re.compile(r"state=closed"))
    expect(page.get_by_role("link", name="Finished long ago")).to_be_visible()
    expect(page.get_by_role("link", name="Open now")).to_have_count(0)
