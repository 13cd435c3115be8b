"""Journey 1: a citizen signs up, follows the verification link from the
email, switches the interface to Kazakh and back, reads the Pavlodar EDP
page, takes a stance and comments in the open consultation, sees their
comment, and is notified when someone replies.

In CI the reply's email goes through Redis to the real Celery worker process
(see conftest); locally it is sent in process after commit."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from consultations.models import Comment
from tests.browser.conftest import unlabelled_controls
from tests.browser.helpers import COMMENT, CONSULTATION, EDP_TITLE, ITEM, pavlodar_consultation
from tests.factories.accounts import UserFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db(transaction=True)

REPLY = "Agreed: the college already asked the akimat for a second workshop."


def sign_up_and_verify(page, mailbox, *, email: str, password: str, name: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(name)
    page.get_by_label(re.compile(r"^Password\W*$")).fill(password)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(password)
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name=re.compile("Verify Your Email Address", re.I))).to_be_visible()
    message = mailbox.wait_for(to=email, subject=re.compile("confirm your email", re.I))
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    assert unlabelled_controls(page) == []
    page.get_by_role("button", name="Confirm").click()


def test_citizen_signs_up_reads_the_edp_comments_and_is_told_of_a_reply(page, page_as, mailbox):
    edp, item = pavlodar_consultation()
    neighbour = UserFactory(display_name="Bolat Neighbour", region=region("pavlodar"))

    sign_up_and_verify(page, mailbox, email="aigerim@example.kz", password="steppe-wind-2026", name="Aigerim")
    # Signed in after confirming: the account menu shows the display name.
    expect(page.get_by_role("button", name="Aigerim")).to_be_visible()

    # Kazakh, and back to English.
    page.get_by_label("Language").select_option("kk")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("link", name="Процестер", exact=True)).to_be_visible()  # "Processes" in Kazakh
    page.get_by_label("Тіл").select_option("en")
    page.get_by_role("button", name="Өзгерту").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The Pavlodar EDP page.
    page.get_by_role("link", name="Processes", exact=True).click()
    page.get_by_role("link", name=EDP_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EDP_TITLE)
    expect(page.get_by_text("Pavlodar Region · 2026–2030")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Public consultation")
    assert unlabelled_controls(page) == []

    # The open consultation and its item.
    page.get_by_role("navigation", name="Sections of this process").get_by_role("link", name="Consultations").click()
    page.get_by_role("link", name=CONSULTATION).click()
    expect(page.get_by_text(re.compile(r"^Open until"))).to_be_visible()
    page.get_by_role("link", name=ITEM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ITEM)
    assert unlabelled_controls(page) == []

    # A stance...
    stance = page.locator("#stance")
    stance.get_by_label("Support").check()
    stance.get_by_role("button", name="Save my stance").click()
    expect(stance.get_by_role("button", name="Withdraw my stance")).to_be_visible()
    expect(stance).to_contain_text("Support 1")
    expect(stance.get_by_label("Support")).to_be_checked()

    # ... and a comment, which the citizen then sees on the page.
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_role("button", name="Publish comment").click()
    expect(page.get_by_text("Your comment has been published.")).to_be_visible()
    mine = page.locator("article.comment", has_text=COMMENT)
    expect(mine).to_be_visible()
    expect(mine).to_contain_text("Aigerim")
    expect(page.get_by_role("heading", name="1 comment")).to_be_visible()

    # A neighbour replies in their own browser.
    other = page_as(neighbour)
    other.goto(item.get_absolute_url())
    theirs = other.locator("article.comment", has_text=COMMENT)
    theirs.get_by_text("Reply", exact=True).click()
    theirs.get_by_label("Your reply").fill(REPLY)
    theirs.get_by_role("button", name="Publish reply").click()
    expect(other.get_by_text("Your comment has been published.")).to_be_visible()

    # The citizen is told: an email (sent by the worker in CI)...
    citizen = User.objects.get(email="aigerim@example.kz")
    message = mailbox.wait_for(to=citizen.email, subject="Bolat Neighbour replied to your comment")
    assert REPLY in message.body
    assert message.sent_by == ("worker" if mailbox.worker else "server")
    # ... and the bell, with one unread notification that leads to the reply.
    page.reload()
    bell = page.locator("#notification-bell")
    expect(bell.locator("[data-unread]")).to_have_text("1 unread")
    bell.get_by_role("link", name=re.compile("Notifications")).click()
    notification = page.get_by_role("listitem").filter(has_text="Bolat Neighbour replied to your comment")
    expect(notification).to_contain_text(f"Bolat Neighbour replied to your comment on “{ITEM}”")
    expect(notification).to_contain_text(REPLY)
    notification.get_by_role("button", name=re.compile("^Bolat Neighbour replied")).click()
    reply = Comment.objects.get(body=REPLY)
    expect(page).to_have_url(re.compile(rf"/consultations/items/{item.pk}/.*#comment-{reply.pk}$"))
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text(REPLY)
    expect(page.locator("#notification-bell [data-unread]")).to_have_count(0)
    assert page.console_errors == []
