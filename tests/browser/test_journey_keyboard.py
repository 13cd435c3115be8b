"""Journey 7: keyboard only. A citizen signs in, finds the Pavlodar EDP's
open consultation, takes a stance and publishes a comment with Tab,
Shift+Tab, Enter and Space alone (``page.keyboard``, never a click). Every
control that takes focus shows it, and no page on the way has an unlabelled
form control."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import unlabelled_controls
from tests.browser.helpers import COMMENT, CONSULTATION, EDP_TITLE, ITEM, pavlodar_consultation
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db(transaction=True)

# Where the focus is, and whether a sighted keyboard user can see it: the
# element is on screen and has a focus indicator (an outline or a shadow).
FOCUS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    return {
        html: el.outerHTML.slice(0, 120),
        visible: r.width > 1 && r.height > 1 && ring && el.matches(':focus-visible'),
    };
}"""


class Keyboard:
    """A person at the keyboard: moves the focus with Tab and Shift+Tab,
    acts with Enter and Space, and checks what they can see."""

    def __init__(self, page):
        self.page = page
        self.invisible: list[str] = []  # focus stops nobody could see

    def focused(self, target) -> bool:
        return target.evaluate("el => el === document.activeElement")

    def tab_to(self, target, *, backwards: bool = False, limit: int = 60) -> None:
        """Press Tab (or Shift+Tab) until ``target`` has the focus."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focus = self.page.evaluate(FOCUS)
            if focus and not focus["visible"]:
                self.invisible.append(focus["html"])
            if self.focused(target):
                return
        raise AssertionError(f"{target} never got the focus in {limit} presses of {'Shift+' * backwards}Tab")

    def activate(self, target, key: str = "Enter", **kwargs) -> None:
        self.tab_to(target, **kwargs)
        self.page.keyboard.press(key)


def test_citizen_comments_with_the_keyboard_alone(page):
    edp, item = pavlodar_consultation()
    citizen = UserFactory(display_name="Saule Keyboard", region=region("pavlodar"))
    keys = Keyboard(page)

    # The first Tab reaches the skip link, which shows itself.
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert keys.focused(skip)
    expect(skip).to_be_visible()
    assert unlabelled_controls(page) == []

    # Signing in.
    keys.activate(page.get_by_role("link", name="Sign in", exact=True))
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert unlabelled_controls(page) == []
    keys.tab_to(page.get_by_label("Email"))
    page.keyboard.type(citizen.email)
    keys.tab_to(page.get_by_label(re.compile(r"^Password")))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Successfully signed in")).to_be_visible()

    # To the EDP's open consultation, link by link.
    keys.activate(page.get_by_role("link", name="Processes", exact=True))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert unlabelled_controls(page) == []
    keys.activate(page.get_by_role("link", name=EDP_TITLE))
    expect(page.get_by_role("heading", level=1)).to_have_text(EDP_TITLE)
    assert unlabelled_controls(page) == []
    keys.activate(
        page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Consultations")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Public consultations")
    assert unlabelled_controls(page) == []
    keys.activate(page.get_by_role("link", name=CONSULTATION))
    expect(page.get_by_role("heading", level=1)).to_have_text(CONSULTATION)
    assert unlabelled_controls(page) == []
    keys.activate(page.get_by_role("link", name=ITEM))
    expect(page.get_by_role("heading", level=1)).to_have_text(ITEM)
    assert unlabelled_controls(page) == []

    # The skip link jumps over the header: the next Tab is in the page's content.
    keys.activate(page.get_by_role("link", name="Skip to main content"))
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#main :focus")).to_have_count(1)

    # A stance: Tab into the group, Space picks the focused choice, and the
    # focus stays on the button after the stance part of the page is redrawn.
    stance = page.locator("#stance")
    keys.activate(stance.get_by_label("Support"), " ")
    expect(stance.get_by_label("Support")).to_be_checked()
    save = stance.get_by_role("button", name="Save my stance")
    keys.activate(save)
    expect(stance.get_by_role("button", name="Withdraw my stance")).to_be_visible()
    expect(stance).to_contain_text("Support 1")
    expect(save).to_be_focused()

    # Withdrawn: that button is gone, so the focus goes to the redrawn part, not the top of the page.
    keys.activate(stance.get_by_role("button", name="Withdraw my stance"))
    expect(stance.get_by_role("button", name="Withdraw my stance")).to_have_count(0)
    expect(stance).to_contain_text("Support 0")
    expect(stance).to_be_focused()
    # ... and back again: Tab leads straight into the choices.
    keys.activate(stance.get_by_label("Support"), " ", limit=1)
    keys.activate(save)
    expect(stance).to_contain_text("Support 1")

    # The comment: typed, then published with Enter on the button.
    keys.tab_to(page.get_by_label("Your comment"))
    page.keyboard.type(COMMENT)
    keys.activate(page.get_by_role("button", name="Publish comment"))
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    mine = page.locator("article.comment", has_text=COMMENT)
    expect(mine).to_contain_text("Saule Keyboard")
    assert unlabelled_controls(page) == []

    # Back up the page with Shift+Tab to the skip link.
    keys.tab_to(page.get_by_role("link", name="Skip to main content"), backwards=True, limit=120)
    assert keys.invisible == []
    assert page.console_errors == []
