"""Opinions on drafts: asked for, written, published, every recommendation
answered with a reason; the adoption of a plan version waits for the answers."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import DomainError
from core.lifecycle import Lifecycle, Transition
from councils import services
from councils.choices import Answer, Position
from councils.guards import plan_adoption_needs_answers
from councils.models import CouncilFollower, Opinion
from plans.choices import PlanStatus
from tests.factories.accounts import UserFactory
from tests.factories.plans import ActionPlanFactory
from tests.factories.stakeholders import region

pytestmark = pytest.mark.django_db


def _published(
    council, plan, *, recommendations=("Publish the indicators twice a year.", "Train welders in Ekibastuz.")
):
    opinion = services.opinion_save(
        council=council,
        actor=council.secretary,
        subject=plan,
        position=Position.SUPPORT_WITH_RECOMMENDATIONS,
        text="We support the plan.",
        recommendations=list(recommendations),
    )
    return services.opinion_publish(opinion=opinion, actor=council.secretary)


def test_a_coordinator_asks_and_the_members_are_told(council, cast, draft_plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opinion = services.opinion_request(
            council=council, actor=cast["coordinator"], subject=draft_plan, due_on=timezone.localdate()
        )
    assert opinion.status == Opinion.Status.REQUESTED and opinion.subject_version == draft_plan.version
    assert any(cast["member"].email in m.to and "asked for its opinion" in m.subject for m in mail.outbox)
    with pytest.raises(DomainError, match="already has an opinion on this version"):
        services.opinion_request(council=council, actor=cast["coordinator"], subject=draft_plan)


def test_another_regions_draft_is_not_the_councils_business(council, cast):
    foreign = ActionPlanFactory(priority__edp__region=region("kyzylorda"), status=PlanStatus.DRAFT)
    with pytest.raises(DomainError, match="drafts of its own region"):
        services.opinion_save(
            council=council, actor=council.secretary, subject=foreign, position="support", text="x", recommendations=[]
        )


def test_publishing_needs_a_position_a_text_and_recommendations_when_it_says_so(council, draft_plan):
    opinion = services.opinion_save(
        council=council, actor=council.secretary, subject=draft_plan, position="", text="", recommendations=[]
    )
    with pytest.raises(DomainError, match="Choose the council's position"):
        services.opinion_publish(opinion=opinion, actor=council.secretary)
    opinion = services.opinion_save(
        council=council,
        actor=council.secretary,
        opinion=opinion,
        position=Position.SUPPORT_WITH_RECOMMENDATIONS,
        text="Yes, but.",
        recommendations=[],
    )
    with pytest.raises(DomainError, match="at least one recommendation"):
        services.opinion_publish(opinion=opinion, actor=council.secretary)


def test_an_opinion_without_recommendations_needs_no_answer(council, draft_plan):
    opinion = services.opinion_save(
        council=council,
        actor=council.secretary,
        subject=draft_plan,
        position=Position.SUPPORT,
        text="Good plan.",
        recommendations=[],
    )
    opinion = services.opinion_publish(opinion=opinion, actor=council.secretary)
    assert opinion.status == Opinion.Status.ANSWERED
    assert plan_adoption_needs_answers(draft_plan) == ""


def test_each_recommendation_is_answered_with_a_reason_then_the_council_is_told(
    council, cast, draft_plan, django_capture_on_commit_callbacks
):
    CouncilFollower.objects.create(council=council, user=cast["resident"])
    opinion = _published(council, draft_plan)
    first, second = opinion.recommendations.all()
    with pytest.raises(DomainError, match="Give the reason"):
        services.recommendation_answer(
            recommendation=first, actor=cast["coordinator"], answer=Answer.ACCEPTED, reason=" "
        )
    with pytest.raises(DomainError, match="Only the coordinators of the process"):
        services.recommendation_answer(
            recommendation=first, actor=cast["other_coordinator"], answer="accepted", reason="x"
        )
    services.recommendation_answer(
        recommendation=first, actor=cast["coordinator"], answer=Answer.ACCEPTED, reason="Done in version 2."
    )
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_answer(
            recommendation=second, actor=cast["coordinator"], answer=Answer.PARTLY, reason="A quarter of the places."
        )
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ANSWERED and opinion.answered_at
    told = {address for m in mail.outbox if "Answers to" in m.subject for address in m.to}
    assert {cast["member"].email, cast["resident"].email, council.secretary.email} <= told
    with pytest.raises(DomainError, match="Only a published opinion"):
        services.recommendation_answer(
            recommendation=first, actor=cast["coordinator"], answer="not_accepted", reason="x"
        )


# --- the guard on the plan's adoption ----------------------------------------------
def test_the_guard_names_the_council_and_the_unanswered_recommendations(council, cast, draft_plan):
    assert plan_adoption_needs_answers(draft_plan) == ""
    opinion = _published(council, draft_plan)
    reason = plan_adoption_needs_answers(draft_plan)
    assert council.name in reason and "2 recommendations on this version that are not answered yet" in reason
    for recommendation in opinion.recommendations.all():
        services.recommendation_answer(
            recommendation=recommendation, actor=cast["coordinator"], answer=Answer.NOT_ACCEPTED, reason="Budget."
        )
    assert plan_adoption_needs_answers(draft_plan) == ""


def test_an_opinion_asked_for_holds_adoption_until_it_is_given_or_due(council, cast, draft_plan):
    opinion = services.opinion_request(
        council=council,
        actor=cast["coordinator"],
        subject=draft_plan,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert "was asked for its opinion on this version by" in plan_adoption_needs_answers(draft_plan)
    Opinion.objects.filter(pk=opinion.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert plan_adoption_needs_answers(draft_plan) == ""


def test_a_recommendation_on_an_earlier_version_does_not_hold_the_next(council, draft_plan):
    _published(council, draft_plan)
    draft_plan.version += 1
    assert plan_adoption_needs_answers(draft_plan) == ""


def test_the_plans_adopt_transition_consults_the_councils_guard(council, cast, draft_plan):
    """Module.transition_guards: the councils app holds back ``plan.adopt``
    (core.lifecycle reads it), whatever the plan's own lifecycle declares."""
    plan_lifecycle = Lifecycle(
        name="plan",
        field="status",
        states=PlanStatus,
        transitions=(Transition("adopt", frozenset({PlanStatus.IN_CONSULTATION}), PlanStatus.ADOPTED),),
    )
    opinion = _published(council, draft_plan, recommendations=["Publish the indicators twice a year."])
    refusal = plan_lifecycle.refusal(draft_plan, "adopt")
    assert refusal and council.name in refusal and "not answered yet" in refusal
    with pytest.raises(DomainError, match="not answered yet"):
        plan_lifecycle.apply(draft_plan, "adopt", save=False)
    services.recommendation_answer(
        recommendation=opinion.recommendations.get(), actor=cast["coordinator"], answer=Answer.ACCEPTED, reason="Yes."
    )
    assert plan_lifecycle.refusal(draft_plan, "adopt") is None


def test_the_secretary_writes_opinions_nobody_else(council, cast, draft_plan):
    for role in ("member", "coordinator", "staff", "resident"):
        with pytest.raises(DomainError):
            services.opinion_save(
                council=council, actor=cast[role], subject=draft_plan, position="support", text="x", recommendations=[]
            )
    with pytest.raises(DomainError, match="Only the coordinators of this region"):
        services.opinion_request(council=council, actor=cast["other_coordinator"], subject=draft_plan)
    stranger = UserFactory()
    with pytest.raises(DomainError):
        services.opinion_request(council=council, actor=stranger, subject=draft_plan)


def test_the_plan_page_refuses_adoption_with_the_councils_reason_until_answered(client, council, cast, draft_plan):
    """Through the plans app itself (its lifecycle reads Module.transition_guards)."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    from tests.factories.plans import ActionFactory, IndicatorFactory, ObjectiveFactory

    objective = ObjectiveFactory(plan_priority__challenge__plan=draft_plan)
    ActionFactory(objective=objective)
    IndicatorFactory(objective=objective)
    opinion = _published(council, draft_plan, recommendations=["Publish the indicators twice a year."])
    client.force_login(cast["coordinator"])
    page = client.get(reverse("plans:detail", args=[draft_plan.pk])).content.decode()
    assert "not answered yet" in page and "Publish the indicators twice a year." in page
    response = client.post(reverse("plans:transition", args=[draft_plan.pk, "adopt"]))
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert council.name in shown and "not answered yet" in shown
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.IN_CONSULTATION
    services.recommendation_answer(
        recommendation=opinion.recommendations.get(), actor=cast["coordinator"], answer=Answer.ACCEPTED, reason="Yes."
    )
    client.post(reverse("plans:transition", args=[draft_plan.pk, "adopt"]))
    draft_plan.refresh_from_db()
    assert draft_plan.status == PlanStatus.ADOPTED
