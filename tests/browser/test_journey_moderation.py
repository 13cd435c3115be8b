"""Journey 5: a moderator signs in, finds the flagged comment in the
consultation's moderation queue, reads why it was flagged and hides it with
a public reason; its author opens the item page and reads, in the comment's
place, that a moderator hid it and why — and finds the same reason in their
notifications, which lead back to the comment."""

import re
import time

import pytest
from playwright.sync_api import expect

from consultations import services
from consultations.models import Comment, ModerationAction
from edp.models import EDPRole
from tests.browser.helpers import CONSULTATION, ITEM, pavlodar_consultation, sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.edp import EDPRoleFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db(transaction=True)

ADVERT = "Cheap cement from our warehouse, delivery across the oblast! Call 8-700-000-00-00."
ON_TOPIC = "The smelter's dross could feed a refractory-brick plant."
REASON = "off-topic: advertising"


def _build():
    """The Pavlodar consultation with an advertisement among its comments,
    flagged by a resident, and a moderator of this EDP."""
    edp, item = pavlodar_consultation()
    moderator = EDPRoleFactory(
        edp=edp, role=EDPRole.Role.MODERATOR, user=UserFactory(display_name="Dana Moderator")
    ).user
    author = UserFactory(display_name="Cement Seller", region=region("pavlodar"))
    reader = UserFactory(display_name="Aigerim Resident", region=region("pavlodar"))
    advert = services.comment_create(item=item, author=author, body=ADVERT)
    services.comment_create(item=item, author=reader, body=ON_TOPIC)
    services.flag_create(comment=advert, user=reader, reason="spam", details="An advert for cement.")
    return item, moderator, author, advert


def _wait_for_notification(page, subject: str, timeout: float = 30.0) -> None:
    """The inbox, reloaded until the notification has been delivered (by the
    Celery worker in CI, after commit locally)."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto("/notifications/")
        if page.get_by_role("button", name=subject, exact=True).count() or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    expect(page.get_by_role("button", name=subject, exact=True)).to_be_visible()


def test_moderator_hides_a_flagged_comment_and_its_author_sees_why(page, page_as):
    item, moderator, author, advert = _build()

    # The moderator signs in and goes to the consultation's moderation queue.
    sign_in(page, email=moderator.email, password=PASSWORD)
    page.goto(item.get_absolute_url())
    page.get_by_role("link", name=CONSULTATION).click()
    page.get_by_role("link", name="Moderation queue").click()
    expect(page.get_by_role("heading", name="Moderation queue")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=ITEM)
    expect(row).to_contain_text("Advertising or spam: An advert for cement.")
    row.get_by_role("link", name="Review").click()

    # One comment's page: its text, its flags; hiding needs a public reason.
    expect(page.get_by_role("heading", name=f"Moderate comment #{advert.pk}")).to_be_visible()
    expect(page.get_by_text(ADVERT)).to_be_visible()
    page.get_by_role("button", name="Hide", exact=True).click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label(re.compile(r"^Public reason")).fill(REASON)
    page.get_by_role("button", name="Hide", exact=True).click()
    expect(page.get_by_text("The comment is hidden; its public reason is shown in its place.")).to_be_visible()
    expect(page.get_by_text("Nothing waits for review.")).to_be_visible()
    page.get_by_role("link", name="Moderation log").click()
    expect(page.get_by_role("main")).to_contain_text(REASON)

    # The author, on the item page: their comment's place says who hid it and why.
    author_page = page_as(author)
    author_page.goto(item.get_absolute_url())
    hidden = author_page.locator(f"#comment-{advert.pk}")
    expect(hidden).to_contain_text(f"Hidden by a moderator: {REASON}")
    expect(hidden).not_to_contain_text("Cheap cement")
    expect(author_page.get_by_role("article").filter(has_text=ON_TOPIC)).to_be_visible()

    # ... and in their notifications, which lead back to the comment.
    subject = f"Your comment on “{ITEM}” was hidden"
    _wait_for_notification(author_page, subject)
    expect(author_page.get_by_role("listitem").filter(has_text=subject)).to_contain_text(f"Public reason: {REASON}")
    author_page.get_by_role("button", name=subject, exact=True).click()
    expect(author_page).to_have_url(re.compile(rf"/items/{item.pk}/"))
    expect(author_page.locator(f"#comment-{advert.pk}")).to_contain_text(f"Hidden by a moderator: {REASON}")

    advert.refresh_from_db()
    assert (advert.status, advert.moderation_reason) == (Comment.Status.HIDDEN, REASON)
    assert ModerationAction.objects.filter(comment=advert, kind="hide", actor=moderator, reason=REASON).exists()
