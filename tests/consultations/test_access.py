"""The access seam of the consultations app: one declaration of each rule.

The reason a page gives instead of a form is, word for word, the reason the
service raises (both come from the gates in consultations/rules.py); ids
that name nothing are a 404 on every URL; ids of another process sent in a
form are not found either."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.html import escape

from consultations import services
from consultations.models import Answer, Comment, HearingLink, Stance
from consultations.urls import urlpatterns
from core.errors import DomainError
from edp.models import Meeting
from tests.factories.accounts import UserFactory
from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory
from tests.factories.edp import MeetingFactory

pytestmark = pytest.mark.django_db


def _situation(case, edp, moderator):
    """The item and the person for one refusal (None: anonymous)."""
    traits = {"scheduled": {"scheduled": True}, "closed": {"closed": True}, "published": {"published": True}}
    consultation = ConsultationFactory(edp=edp, **traits.get(case, {}))
    item = ItemFactory(consultation=consultation)
    person = UserFactory(verified=(case != "unverified")) if case != "anonymous" else None
    if case == "closed_early":
        consultation.closed_early_at = timezone.now() - timedelta(hours=1)
        consultation.closed_early_reason = "The plan was withdrawn <for now>"
        consultation.save()
    elif case == "blocked":
        services.user_block(
            consultation=consultation, moderator=moderator, user=person, days=3, reason="Insults & threats"
        )
    elif case == "rate_limited":
        comments = CommentFactory.create_batch(10, item=item, author=person)
        # Half a second inside a whole second, so the wait shown and the wait raised agree.
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(
            created_at=timezone.now() - timedelta(seconds=29, milliseconds=500)
        )
    return item, person


REASONS = {
    "scheduled": "This consultation opens on",
    "closed": "This consultation closed on",
    "closed_early": "was closed early on",
    "published": "Its report has been published.",
    "anonymous": "Sign in to take part.",
    "unverified": "Confirm your email address to take part",
    "blocked": "A moderator has paused your commenting in this consultation until",
    "rate_limited": "You have posted 10 comments in the last minute. Please wait",
}
# Who may not take a stance either (a block or the rate limit stop commenting only).
STANCE_REFUSED = {"scheduled", "closed", "closed_early", "published", "anonymous", "unverified"}


@pytest.mark.parametrize("case", list(REASONS))
def test_each_refusal_is_shown_on_the_item_page_and_raised_by_the_service(client, edp, moderator, case):
    item, person = _situation(case, edp, moderator)
    if person is not None:
        client.force_login(person)
    page = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    actor = person or AnonymousUser()

    with pytest.raises(DomainError) as refused:
        services.comment_create(item=item, author=actor, body="What I think")
    comment_reason = refused.value.message
    assert REASONS[case] in comment_reason
    assert escape(comment_reason) in page  # the same words, instead of the form
    assert f'action="{reverse("consultations:comment", args=[item.pk])}"' not in page

    stance_url = reverse("consultations:stance", args=[item.pk])
    if case in STANCE_REFUSED:
        with pytest.raises(DomainError) as refused:
            services.stance_set(item=item, user=actor, position="support")
        assert refused.value.message == comment_reason
        assert f'action="{stance_url}"' not in page
    else:
        assert f'action="{stance_url}"' in page
    assert not Comment.objects.filter(body="What I think").exists()
    assert not Stance.objects.filter(item=item).exists()


def test_a_refused_post_says_the_same_as_the_page(client, edp, moderator):
    item, person = _situation("blocked", edp, moderator)
    client.force_login(person)
    page = client.get(reverse("consultations:item", args=[item.pk])).content.decode()
    response = client.post(reverse("consultations:comment", args=[item.pk]), {"body": "Again"})
    assert response.status_code == 403
    reason = response.content.decode().split("A moderator has paused", 1)[1].split("</", 1)[0]
    assert "A moderator has paused" + reason in page and "Insults &amp; threats" in reason


def _id_urls():
    """Every URL of the app that takes an id, reversed with one that names nothing."""
    for pattern in urlpatterns:
        assert isinstance(pattern, URLPattern)
        converters = pattern.pattern.converters
        if not converters:
            continue
        kwargs = {}
        for name in converters:
            kwargs[name] = 987654 if name == "pk" else ("comments" if name == "table" else "no-such-process")
        yield pattern.name, reverse(f"consultations:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("role", ["anonymous", "citizen", "coordinator", "moderator"])
def test_unknown_ids_are_404_on_every_url(client, edp, coordinator, moderator, role):
    person = {"anonymous": None, "citizen": UserFactory(), "coordinator": coordinator, "moderator": moderator}[role]
    if person is not None:
        client.force_login(person)
    urls = list(_id_urls())
    assert len(urls) >= 25
    wrong = []
    for name, url in urls:
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {"reason": "x", "body": "x", "position": "support"})
        if response.status_code != 404:
            wrong.append(f"{name}: {response.status_code}")
    # An unknown table of a published report, and an unknown process in the list's filter.
    published = ConsultationFactory(edp=edp, published=True)
    for url in (
        reverse("consultations:report_csv", args=[published.pk, "secrets"]),
        reverse("consultations:list") + "?edp=no-such-process",
    ):
        if client.get(url).status_code != 404:
            wrong.append(url)
    assert wrong == []


def test_ids_of_another_process_are_not_found(client, edp, other_edp, coordinator, resident):
    consultation = ConsultationFactory(edp=edp)
    item = ItemFactory(consultation=consultation)
    foreign_comment = CommentFactory(item=ItemFactory(consultation=ConsultationFactory(edp=other_edp)))
    foreign_hearing = MeetingFactory(edp=other_edp, kind=Meeting.Kind.PUBLIC_HEARING)

    client.force_login(resident)  # a reply to another process's comment
    client.post(reverse("consultations:comment", args=[item.pk]), {"body": "Reply", "parent": foreign_comment.pk})
    assert not Comment.objects.filter(body="Reply").exists()

    client.force_login(coordinator)  # an answer to it, and its hearing
    response = client.post(
        reverse("consultations:answer_create", args=[consultation.pk]),
        {
            "item": item.pk,
            "comment_numbers": str(foreign_comment.pk),
            "summary": "s",
            "outcome": "accepted",
            "reason": "r",
        },
    )
    assert (
        response.status_code == 200 and "These numbers are not comments on the chosen item" in response.content.decode()
    )
    assert not Answer.objects.exists()
    page = client.get(
        reverse("consultations:answer_create", args=[consultation.pk]) + f"?comments={foreign_comment.pk}"
    )
    assert page.status_code == 200
    client.post(reverse("consultations:hearing_attach", args=[consultation.pk]), {"meeting": foreign_hearing.pk})
    assert not HearingLink.objects.exists()
