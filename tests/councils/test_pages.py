"""The public record: pages in three languages, user text escaped, and
query counts that do not grow with the number of members, meetings or
opinions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.choices import Answer, Position
from councils.models import Opinion
from edp.models import Meeting
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory
from tests.factories.councils import MemberFactory, QuestionFactory
from tests.factories.edp import MeetingFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _grow(council, draft_plan, n):
    for _ in range(n):
        MemberFactory(council=council, helix=Helix.CIVIL_SOCIETY)
        MeetingFactory(edp=None, council=council, kind=Meeting.Kind.PUBLIC_HEARING)
    for i in range(n):
        plan = type(draft_plan).objects.create(
            edp=draft_plan.edp, priority=_priority(draft_plan), title=f"Plan {i}", status="draft"
        )
        opinion = services.opinion_save(
            council=council, actor=council.secretary, subject=plan, position="oppose", text="No.", recommendations=["A"]
        )
        services.opinion_publish(opinion=opinion, actor=council.secretary)


def _priority(plan):
    from tests.factories.priorities import SelectedPriorityFactory

    return SelectedPriorityFactory(edp=plan.edp)


@pytest.mark.parametrize("n", [1, 4])
def test_the_council_page_costs_the_same_whatever_its_size(
    client, council, draft_plan, n, django_assert_max_num_queries
):
    _grow(council, draft_plan, n)
    client.force_login(UserFactory())
    with django_assert_max_num_queries(18):
        response = client.get(council.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 4])
def test_the_plan_page_shows_every_opinion_at_a_fixed_cost(
    client, council, draft_plan, n, django_assert_max_num_queries
):
    for i in range(n):
        opinion = Opinion.objects.create(
            council=council,
            subject_type_id=_ct(draft_plan),
            subject_id=draft_plan.pk,
            subject_version=i + 1,
            subject_title="x",
            status=Opinion.Status.ANSWERED,
            position=Position.SUPPORT,
            text="Fine.",
            published_at=timezone.now(),
        )
        opinion.recommendations.create(text="Do it", answer=Answer.ACCEPTED, answer_reason="Done")
    from councils.panels import plan_opinions

    with django_assert_max_num_queries(4):
        html = plan_opinions(None, draft_plan)
    assert html.count("Done") == n


def _ct(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_user_text_is_escaped_everywhere_it_is_shown(client, council, cast, draft_plan):
    council.name = XSS
    council.mandate = XSS
    council.save()
    MemberFactory(council=council, user=UserFactory(display_name=XSS))
    opinion = services.opinion_save(
        council=council,
        actor=council.secretary,
        subject=draft_plan,
        position=Position.SUPPORT_WITH_RECOMMENDATIONS,
        text=XSS,
        recommendations=[XSS],
    )
    opinion = services.opinion_publish(opinion=opinion, actor=council.secretary)
    services.recommendation_answer(
        recommendation=opinion.recommendations.get(), actor=cast["coordinator"], answer=Answer.PARTLY, reason=XSS
    )
    hearing = MeetingFactory(
        edp=None,
        council=council,
        kind=Meeting.Kind.PUBLIC_HEARING,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    QuestionFactory(meeting=hearing, text=XSS, answer=XSS, author=UserFactory(display_name=XSS))
    client.force_login(cast["coordinator"])
    for url in (
        council.get_absolute_url(),
        opinion.get_absolute_url(),
        hearing.get_absolute_url(),
        reverse("plans:detail", args=[draft_plan.pk]),
        reverse("councils:list"),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;" in page or "alert(&quot;x&quot;)" in page, url


def test_the_public_record_reads_in_kazakh(client, council, draft_plan):
    council.name_kk = "Павлодар облысының қоғамдық кеңесі"
    council.save()
    opinion = services.opinion_save(
        council=council,
        actor=council.secretary,
        subject=draft_plan,
        position=Position.OPPOSE,
        text="Жоқ.",
        recommendations=[],
    )
    services.opinion_publish(opinion=opinion, actor=council.secretary)
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Павлодар облысының қоғамдық кеңесі" in page
    assert "Мандат" in page or "Өкілеттік" in page  # the interface, not only the content
    assert 'lang="kk"' in page


def test_the_api_lists_councils_with_members_and_published_opinions(client, council, cast, draft_plan):
    opinion = services.opinion_save(
        council=council,
        actor=council.secretary,
        subject=draft_plan,
        position=Position.SUPPORT,
        text="Yes.",
        recommendations=[],
    )
    services.opinion_publish(opinion=opinion, actor=council.secretary)
    services.opinion_save(
        council=council,
        actor=council.secretary,
        subject=type(draft_plan).objects.create(edp=draft_plan.edp, priority=_priority(draft_plan), title="P2"),
        position="",
        text="unpublished draft",
        recommendations=[],
    )
    data = client.get("/api/councils/").json()
    found = next(c for c in data["results"] if c["slug"] == council.slug) if "results" in data else data[0]
    assert [m["name"] for m in found["members"]] == [cast["member"].public_name]
    assert [o["text"] for o in found["opinions"]] == ["Yes."]
    assert "@" not in str(found)


def test_the_secret_stays_hidden_until_the_draw_is_published(client, council):
    from tests.factories.councils import CallFactory

    call = CallFactory(council=council)
    page = client.get(call.get_absolute_url()).content.decode()
    assert call.commitment in page and call.secret not in page
    assert client.get(reverse("councils:record", args=[council.slug, call.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_the_api_list_costs_the_same_whatever_the_number_of_councils(client, n, django_assert_max_num_queries):
    from tests.factories.councils import CouncilFactory

    for _ in range(n):
        MemberFactory(council=CouncilFactory())
    with django_assert_max_num_queries(6):
        assert client.get("/api/councils/").status_code == 200
