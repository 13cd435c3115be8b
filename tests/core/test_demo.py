"""`manage.py load_demo` tells a true story: what a person trying `make run` sees.

The demo is loaded once for this module (inside a transaction rolled back at
the end, so nothing leaks to other tests); each test runs in a savepoint.
"""

import time
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations.models import Answer, Comment, Consultation, HelpfulMark, Stance
from consultations.report import build_report
from edp.demo import advance
from edp.models import EDP, EDPStage, Idea, Meeting, MeetingRegistration, RegionalAsset
from edp.workflow import STAGE_ORDER, Stage
from evaluations.models import CandidateSpecialisation, EvaluationCriterion, IdeaDecision
from evaluations.selectors import idea_results
from plans.choices import IndicatorType, PlanStatus
from plans.models import ActionPlan, Challenge, PlanPriority
from plans.selectors import plan_dashboard
from plans.services.lifecycle import plan_consultation
from priorities.models import CandidatePriority, PrioritySelection
from stakeholders.choices import Helix
from stakeholders.models import Membership, Organisation
from tests.factories.edp import EDPFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

PAVLODAR, KYZYLORDA = "pavlodar-2026", "kyzylorda-2026"
ON_SPECIALISATIONS = "Public consultation on Pavlodar's potential smart specialisations"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        started = time.monotonic()
        call_command("load_demo", stdout=out)
        seconds = time.monotonic() - started
        yield SimpleNamespace(output=out.getvalue(), seconds=seconds)
        transaction.set_rollback(True)


def _edp(slug: str) -> EDP:
    return EDP.objects.get(slug=slug)


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_a_second_run_creates_and_changes_nothing(demo):
    before = _row_counts()
    stamps = {
        "transitions": list(_edp(PAVLODAR).transitions.values_list("pk", "created_at")),
        "stages": list(EDPStage.objects.order_by("pk").values_list("opened_at", "closed_at", "planned_end")),
        "decisions": list(CandidatePriority.objects.order_by("pk").values_list("decision", "decided_at")),
    }
    call_command("load_demo", stdout=StringIO())
    after = _row_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
    assert stamps == {
        "transitions": list(_edp(PAVLODAR).transitions.values_list("pk", "created_at")),
        "stages": list(EDPStage.objects.order_by("pk").values_list("opened_at", "closed_at", "planned_end")),
        "decisions": list(CandidatePriority.objects.order_by("pk").values_list("decision", "decided_at")),
    }


def test_pavlodar_went_through_every_stage_and_is_monitoring(demo):
    edp = _edp(PAVLODAR)
    assert edp.stage == Stage.MONITORING
    transitions = list(edp.transitions.order_by("created_at", "id"))
    assert [t.to_stage for t in transitions] == STAGE_ORDER
    assert all(t.reason for t in transitions[1:]) and not any(t.is_reopening for t in transitions)
    dates = [t.created_at for t in transitions]
    assert dates == sorted(dates) and len(set(dates)) == len(dates) and dates[-1] < timezone.now()
    rows = {row.stage: row for row in EDPStage.objects.filter(edp=edp)}
    for i, stage in enumerate(STAGE_ORDER):
        row = rows[stage]
        assert row.opened_at == dates[i], stage
        assert row.closed_at == (dates[i + 1] if i + 1 < len(dates) else None), stage
        assert row.planned_start <= row.planned_end, stage
        assert row.planned_start == timezone.localdate(row.opened_at), stage
        if row.closed_at:
            assert row.planned_end < timezone.localdate(row.closed_at) <= row.planned_end + timedelta(days=1)
    # The call for ideas closed before evaluation started, and nothing came in late.
    assert edp.ideas_close_at <= dates[STAGE_ORDER.index(Stage.EVALUATION)]
    assert not Idea.objects.filter(edp=edp, submitted_at__gt=edp.ideas_close_at).exists()


def test_pavlodar_foresight_has_evidence_meetings_and_ideas_from_all_helices(demo):
    edp = _edp(PAVLODAR)
    assert set(RegionalAsset.objects.filter(edp=edp).values_list("dimension", flat=True)) == {
        "economic",
        "geographic",
        "institutional",
        "cultural",
        "knowledge",
        "infrastructure",
    }
    foresight = EDPStage.objects.get(edp=edp, stage=Stage.FORESIGHT)
    held = Meeting.objects.filter(edp=edp, starts_at__range=(foresight.opened_at, foresight.closed_at))
    assert held.count() == 5 and not held.filter(minutes="").exists()
    assert MeetingRegistration.objects.filter(meeting__edp=edp, attended=True).count() > 20
    submitted = Idea.objects.filter(edp=edp, status="submitted")
    assert submitted.count() >= 24
    assert set(submitted.values_list("helix", flat=True)) == set(Helix.values)


def test_pavlodar_every_idea_was_decided_and_grouped_into_candidates(demo):
    edp = _edp(PAVLODAR)
    assert EvaluationCriterion.objects.filter(edp=edp).count() == 6
    results = idea_results(edp)
    assert all(r.summary.complete for r in results)
    assert sum(r.summary.flagged for r in results) >= 1
    submitted = Idea.objects.filter(edp=edp, status="submitted")
    assert IdeaDecision.objects.filter(edp=edp).count() == submitted.count()
    assert IdeaDecision.objects.filter(edp=edp, outcome="not_retained").exclude(feedback="").exists()
    evaluation = EDPStage.objects.get(edp=edp, stage=Stage.EVALUATION)
    assert (
        not IdeaDecision.objects.filter(edp=edp)
        .exclude(decided_at__range=(evaluation.opened_at, evaluation.closed_at))
        .exists()
    )
    candidates = CandidateSpecialisation.objects.filter(edp=edp)
    assert candidates.count() == 4 and all(c.ideas.exists() for c in candidates)
    assert "Переработка алюминия и металлов" in set(candidates.values_list("title_ru", flat=True))


def test_pavlodar_consultation_closed_with_a_published_report_inside_its_stage(demo):
    edp = _edp(PAVLODAR)
    consultation = Consultation.objects.get(edp=edp, title=ON_SPECIALISATIONS)
    assert consultation.state == "report_published"
    stage = EDPStage.objects.get(edp=edp, stage=Stage.CONSULTATION)
    assert stage.opened_at < consultation.opens_at < consultation.closes_at < consultation.report_published_at
    assert consultation.report_published_at < stage.closed_at
    assert consultation.items.count() == 4
    assert Comment.objects.filter(item__consultation=consultation).count() >= 300
    assert Comment.objects.filter(item__consultation=consultation).exclude(status="visible").count() >= 4
    assert not Comment.objects.filter(item__consultation=consultation, created_at__gt=consultation.closes_at).exists()
    assert consultation.answers.count() >= 5
    for item in consultation.items.all():
        assert item.support_count + item.neutral_count + item.oppose_count == Stance.objects.filter(item=item).count()
    counts = dict(HelpfulMark.objects.values_list("comment").annotate(n=Count("id")))
    for comment in Comment.objects.filter(helpful_count__gt=0)[:50]:
        assert comment.helpful_count == counts[comment.pk]
    report = build_report(consultation)
    assert report.participants > 100
    assert report.hearings and report.hearings[0].minutes


def test_pavlodar_priorities_published_and_plan_monitored_in_their_stages(demo):
    edp = _edp(PAVLODAR)
    selection = PrioritySelection.objects.get(edp=edp)
    stage = EDPStage.objects.get(edp=edp, stage=Stage.PRIORITY_SELECTION)
    assert stage.opened_at < selection.published_at < stage.closed_at
    assert CandidatePriority.objects.filter(edp=edp, decision="selected").count() in range(3, 9)
    assert not CandidatePriority.objects.filter(edp=edp, decision="pending").exists()
    # Each candidate specialisation became a candidate priority linked to it; one came from the consultation.
    specialisations = set(CandidateSpecialisation.objects.filter(edp=edp).values_list("pk", flat=True))
    linked = CandidatePriority.objects.filter(edp=edp, specialisation__isnull=False)
    assert set(linked.values_list("specialisation", flat=True)) == specialisations
    assert list(
        CandidatePriority.objects.filter(edp=edp, specialisation__isnull=True).values_list("title", flat=True)
    ) == ["Logistics on the Irtysh corridor"]

    plan = ActionPlan.objects.get(edp=edp)
    planning = EDPStage.objects.get(edp=edp, stage=Stage.ACTION_PLANNING)
    assert planning.opened_at < plan.first_adopted_at < planning.closed_at
    assert plan.status == PlanStatus.MONITORED and plan.versions.count() == 1
    assert plan.versions.get().adopted_at == plan.first_adopted_at
    # The draft went to a public consultation on its challenges, adopted after it closed.
    on_plan = plan_consultation(plan)
    assert on_plan.state == "report_published" and on_plan.items.count() == 6
    assert planning.opened_at < on_plan.opens_at < on_plan.closes_at < plan.first_adopted_at
    assert Comment.objects.filter(item__consultation=on_plan).exists()
    assert not Comment.objects.filter(item__consultation=on_plan, created_at__gt=on_plan.closes_at).exists()
    steps = list(plan.transitions.order_by("created_at", "id").values_list("to_status", "created_at"))
    assert [s for s, _ in steps] == ["in_consultation", "adopted", "monitored"]
    assert steps[-1][1] == EDPStage.objects.get(edp=edp, stage=Stage.MONITORING).opened_at
    assert Challenge.objects.filter(plan=plan).count() == 6
    assert PlanPriority.objects.filter(plan=plan).count() == 10
    assert set(plan.indicators.values_list("type", flat=True)) == set(IndicatorType.values)
    assert plan.actions.values("policy_area").distinct().count() >= 6
    years = {m.period_end.year for i in plan.indicators.all() for m in i.measurements.all()}
    assert len(years) >= 2, "two years of measurements"
    dashboard = plan_dashboard(plan)
    assert dashboard["overdue"], "some reports are left overdue on purpose"
    assert all(row["progress"] is not None for row in dashboard["challenges"])


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_stage_of_pavlodar_shows_its_content_to_anyone(demo, client):
    edp = _edp(PAVLODAR)
    overview = _text(client, reverse("edp:detail", args=[PAVLODAR]))
    for t in edp.transitions.exclude(reason=""):
        assert t.reason.split(";")[0].replace("'", "&#x27;") in overview
    # Upcoming meetings are the coming ones, not the 2024 workshops.
    assert "Annual review of the aluminium and metals action plan" in overview
    assert "Foresight workshop: the future of metals and materials" not in overview
    # preparation: the evidence base
    assert "Aluminium smelting and alumina refining" in _text(client, reverse("edp:assets", args=[PAVLODAR]))
    assert "GRP per capita" in _text(client, reverse("edp:facts", args=[PAVLODAR]))
    # foresight: meetings, SWOT and ideas
    assert "Foresight workshop: the future of metals and materials" in _text(
        client, reverse("edp:meetings", args=[PAVLODAR]) + "?show=past"
    )
    assert "Annual review of the aluminium and metals action plan" in _text(
        client, reverse("edp:meetings", args=[PAVLODAR])
    )
    assert "Cheap electricity from Ekibastuz" in _text(client, reverse("edp:swot", args=[PAVLODAR]))
    newest = Idea.objects.filter(edp=edp, status="submitted").order_by("-submitted_at").first()
    assert newest.title in _text(client, reverse("edp:ideas", args=[PAVLODAR]))
    # evaluation → consultation: the candidate specialisations are the items
    consultation = Consultation.objects.get(edp=edp, title=ON_SPECIALISATIONS)
    page = _text(client, reverse("consultations:detail", args=[consultation.pk]))
    assert "Aluminium and metals processing" in page
    report = _text(client, reverse("consultations:report", args=[consultation.pk]))
    answer = Answer.objects.filter(consultation=consultation).first()
    assert answer.summary in report
    # priority selection: each priority leads back to the ideas and scores behind it
    priorities = _text(client, reverse("priorities:selection", args=[PAVLODAR]))
    assert "Energy transition of a coal region" in priorities and "Logistics on the Irtysh corridor" in priorities
    metals = CandidatePriority.objects.get(edp=edp, title="Aluminium and metals processing")
    evidence = _text(client, reverse("priorities:candidate", args=[metals.pk]))
    assert "Low-carbon aluminium certification" in evidence
    # action planning and monitoring
    plan = ActionPlan.objects.get(edp=edp)
    assert plan.title in _text(client, reverse("plans:list", args=[PAVLODAR]))
    assert "Skills for the metals industry" in _text(client, reverse("plans:detail", args=[plan.pk]))
    kazakh = client.get(reverse("plans:detail", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Металлургия саласына арналған кадрлар" in kazakh
    indicator = plan.indicators.filter(measurements__isnull=False).first()
    assert indicator.name in _text(client, reverse("plans:dashboard", args=[plan.pk]))
    assert indicator.name in _text(client, reverse("plans:indicator", args=[plan.pk, indicator.pk]))


def test_kyzylorda_is_mid_consultation_and_a_citizen_can_take_part_now(demo, client):
    edp = _edp(KYZYLORDA)
    assert edp.stage == Stage.CONSULTATION
    assert [t.to_stage for t in edp.transitions.order_by("created_at")] == STAGE_ORDER[:4]
    submitted = Idea.objects.filter(edp=edp, status="submitted")
    assert submitted.count() >= 10
    assert IdeaDecision.objects.filter(edp=edp).count() == submitted.count()
    assert CandidateSpecialisation.objects.filter(edp=edp).count() == 3

    consultation = Consultation.objects.get(edp=edp)
    assert consultation.is_open
    pavlodar = Consultation.objects.get(edp__slug=PAVLODAR, title=ON_SPECIALISATIONS)
    comments = Comment.objects.filter(item__consultation=consultation)
    assert 0 < comments.count() < Comment.objects.filter(item__consultation=pavlodar).count()
    assert Stance.objects.filter(item__consultation=consultation).count() > 0
    assert consultation.items.count() == 3 and all(i.comment_count for i in consultation.items.all())
    assert consultation.hearings.filter(meeting__starts_at__gt=timezone.now()).exists()

    # Its tabs lead nowhere a visitor is refused (its priorities are not chosen yet).
    overview = _text(client, reverse("edp:detail", args=[KYZYLORDA]))
    assert reverse("priorities:selection", args=[KYZYLORDA]) not in overview
    assert reverse("priorities:selection", args=[PAVLODAR]) in _text(client, reverse("edp:detail", args=[PAVLODAR]))

    citizen = User.objects.get(email="citizen1@demo.edp.kz")
    item = consultation.items.order_by("position").first()
    client.force_login(citizen)
    page = _text(client, reverse("consultations:item", args=[item.pk]))
    # The item says what it is: the ideas grouped into the candidate specialisation.
    assert "Water-smart rice and agri-food" in page and "Laser levelling and drip irrigation for rice" in page
    client.post(reverse("consultations:stance", args=[item.pk]), {"position": "support"})
    client.post(reverse("consultations:comment", args=[item.pk]), {"body": "Count me in for the drip pilots."})
    assert Stance.objects.filter(item=item, user=citizen, position="support").exists()
    assert comments.filter(author=citizen, body="Count me in for the drip pilots.").exists()


def test_home_page_leads_to_both_processes_and_the_open_consultation(demo, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        html = _text(client, reverse("home"))
    for slug in (PAVLODAR, KYZYLORDA):
        edp = _edp(slug)
        assert edp.get_absolute_url() in html and edp.title in html
    assert Consultation.objects.get(edp__slug=KYZYLORDA).get_absolute_url() in html
    for closed in Consultation.objects.filter(edp__slug=PAVLODAR):
        assert closed.get_absolute_url() not in html


def test_the_cast_covers_four_helices_in_three_languages(demo):
    assert set(Organisation.objects.values_list("helix", flat=True)) == set(Helix.values)
    tou = Organisation.objects.get(name_en="Toraighyrov University")
    assert tou.name_kk == "Торайғыров университеті" and tou.name_ru == "Торайгыров университет"
    # The untranslated column (used by the unique-name constraint) holds the default language.
    assert Organisation.objects.filter(pk=tou.pk).values_list("name", flat=True).get() == "Toraighyrov University"
    rep = User.objects.get(email="tou_rep@demo.edp.kz")
    assert Membership.objects.filter(user=rep, organisation=tou, role="representative", status="active").exists()
    for key in ["staff", "coordinator", "coordinator_kyzylorda"]:
        user = User.objects.get(email=f"{key}@demo.edp.kz")
        assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert not EmailAddress.objects.filter(email__endswith="@demo.edp.kz", verified=False).exists()
    for n in range(1, 9):
        assert not Membership.objects.filter(user__email=f"citizen{n}@demo.edp.kz").exists()
    kyzylorda = set(Organisation.objects.filter(region__code="kyzylorda").values_list("helix", flat=True))
    assert kyzylorda == set(Helix.values)


def test_output_says_which_account_to_use_for_what(demo):
    for line in [
        "citizen1@demo.edp.kz",
        "coordinator@demo.edp.kz",
        "coordinator_kyzylorda@demo.edp.kz",
        "evaluator1@demo.edp.kz",
        "moderator@demo.edp.kz",
        "demo-pass-2026",
    ]:
        assert line in demo.output
    assert "Kyzylorda's open consultation" in demo.output


def test_the_demo_cannot_tell_a_story_the_transition_service_would_refuse():
    edp = EDPFactory(stage=Stage.FORESIGHT, ideas_close_at=timezone.now() + timedelta(days=3))
    with pytest.raises(CommandError, match="no submitted ideas; the call for ideas closes on"):
        advance(edp, Stage.EVALUATION, actor=None, reason="Scoring starts.")
    edp.refresh_from_db()
    assert edp.stage == Stage.FORESIGHT and not edp.transitions.exists()


def test_pavlodars_public_council_was_drawn_by_lot_and_its_draw_reruns(demo, client):
    from councils import sortition
    from councils.models import Council, Draw, Opinion

    council = Council.objects.get(slug="pavlodar-public-council")
    draw = Draw.objects.get(call__council=council)
    assert len(draw.record["pool"]["people"]) >= 20 and len(draw.panel) == 7 and draw.alternates
    assert sortition.verify(draw.record).ok
    assert council.members.filter(status="active", selected_by="lot").count() == 7
    opinion = Opinion.objects.get(council=council)
    plan = ActionPlan.objects.get(edp__slug=PAVLODAR)
    assert opinion.subject == plan and opinion.status == Opinion.Status.ANSWERED
    assert opinion.recommendations.filter(answer="").count() == 0 and opinion.recommendations.count() == 3
    assert opinion.answered_at < plan.first_adopted_at
    hearing = council.meetings.get(kind=Meeting.Kind.PUBLIC_HEARING)
    assert hearing.district.name_en == "Ekibastuz city" and hearing.council_questions.exclude(answer="").exists()
    page = client.get(council.get_absolute_url())
    assert page.status_code == 200 and "Outside the regional capital" in page.content.decode()


def test_kyzylordas_council_has_an_open_call_a_resident_can_answer(demo, client):
    from councils.models import VolunteerCall

    call = VolunteerCall.objects.get(council__slug="kyzylorda-public-council")
    assert call.status == VolunteerCall.Status.OPEN and call.closes_at > timezone.now() > call.opens_at
    client.force_login(User.objects.get(email="kz_farmer@demo.edp.kz"))
    assert client.get(reverse("councils:volunteer", args=["kyzylorda-public-council", call.pk])).status_code == 200
