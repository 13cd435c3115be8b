"""Candidate priorities brought in from the evaluation's candidate
specialisations, and the evidence panel that follows from the link."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Comment, Stance
from consultations.services import consultation_recount
from core.errors import DomainError
from edp.models import EDPRole
from edp.workflow import Stage
from priorities import services
from priorities.models import CandidatePriority
from stakeholders.choices import Helix
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory
from tests.factories.edp import EDPFactory, EDPRoleFactory, IdeaFactory, RegionalAssetFactory, RegionFactFactory
from tests.factories.evaluations import CandidateSpecialisationFactory, SubmittedEvaluationFactory
from tests.factories.priorities import CandidatePriorityFactory, SelectedPriorityFactory
from tests.factories.stakeholders import OrganisationFactory
from tests.permission_table import refusal_problem

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


@pytest.fixture
def edp():
    return EDPFactory(stage=Stage.PRIORITY_SELECTION)


@pytest.fixture
def coordinator(edp):
    user = EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(user)
    return user


def score(idea, *values) -> None:
    """Submitted evaluations of ``idea`` with these weighted scores, by
    evaluators whose names must never reach the evidence panel."""
    for value in values:
        SubmittedEvaluationFactory(
            assignment__idea=idea,
            assignment__evaluator__display_name=f"Secret Evaluator {idea.pk}-{value}",
            weighted_score=Decimal(str(value)),
        )


def consultation_item_about(specialisation):
    consultation = ConsultationFactory(edp=specialisation.edp)
    return ItemFactory(
        consultation=consultation,
        title=specialisation.title,
        source_type=ContentType.objects.get_for_model(specialisation),
        source_id=specialisation.pk,
    )


def stances(item, **by_helix) -> None:
    """stances(item, industry=("support", "support"), academia=("oppose",))"""
    for helix, positions in by_helix.items():
        for position in positions:
            Stance.objects.create(item=item, user=UserFactory(), position=position, helix=helix)
    consultation_recount(consultation=item.consultation)


def grow(edp, specialisation, item, n: int) -> None:
    """n more scored ideas (each with an asset), stances and comments."""
    for k in range(n):
        asset = RegionalAssetFactory(edp=edp)
        idea = IdeaFactory(edp=edp, submitted=True, organisation=OrganisationFactory(), assets=[asset])
        specialisation.ideas.add(idea)
        score(idea, 60 + k % 30, 70)
        CommentFactory(item=item, helpful_count=k)
    stances(item, industry=["support"] * n, academia=["oppose"] * n)


# --- Bringing the candidate specialisations in --------------------------------------------


def test_bring_in_creates_one_linked_candidate_per_specialisation_idempotently(edp):
    first = CandidateSpecialisationFactory(edp=edp, title="Aluminium value chain", description="Metals")
    second = CandidateSpecialisationFactory(edp=edp, title="Agri-food processing")
    CandidateSpecialisationFactory()  # another EDP's: never brought in here
    manual = CandidatePriorityFactory(edp=edp, title="Tourism on the Irtysh")
    same_title = CandidatePriorityFactory(edp=edp, title="agri-food processing ")

    result = services.candidate_priorities_from_specialisations(edp=edp, actor=None)

    assert (result.created, result.linked, result.already) == (1, 1, 0)
    created = CandidatePriority.objects.get(specialisation=first)
    assert (created.edp, created.title, created.summary, created.decision) == (edp, first.title, "Metals", "pending")
    same_title.refresh_from_db()
    assert same_title.specialisation == second
    manual.refresh_from_db()
    assert manual.specialisation is None
    assert CandidatePriority.objects.filter(edp=edp).count() == 3

    again = services.candidate_priorities_from_specialisations(edp=edp, actor=None)
    assert (again.created, again.linked, again.already) == (0, 0, 2)
    assert CandidatePriority.objects.filter(edp=edp).count() == 3


def test_bring_in_is_refused_once_published_and_writes_nothing(edp):
    for _ in range(3):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    CandidateSpecialisationFactory(edp=edp)
    with pytest.raises(DomainError, match="withdraw the publication"):
        services.candidate_priorities_from_specialisations(edp=edp, actor=None)
    assert not CandidatePriority.objects.filter(edp=edp, specialisation__isnull=False).exists()


def test_a_specialisation_backs_at_most_one_candidate_of_its_own_process(edp):
    specialisation = CandidateSpecialisationFactory(edp=edp)
    CandidatePriorityFactory(edp=edp, specialisation=specialisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidatePriorityFactory(edp=edp, specialisation=specialisation)
    foreign = CandidatePriorityFactory.build(edp=edp, specialisation=CandidateSpecialisationFactory())
    with pytest.raises(ValidationError, match="another process"):
        foreign.full_clean()


def test_the_link_is_indexed():
    field = CandidatePriority._meta.get_field("specialisation")
    assert field.db_index and field.unique and field.null


def test_coordinator_brings_them_in_with_a_button_and_is_told_what_happened(client, edp, coordinator):
    CandidateSpecialisationFactory(edp=edp, title="Aluminium value chain")
    CandidateSpecialisationFactory(edp=edp, title="Agri-food processing")
    client.force_login(coordinator)
    url = reverse("priorities:selection", args=[edp.slug])
    page = client.get(url).content.decode()
    assert "2 candidate specialisations of the evaluation are not candidate priorities yet." in page
    assert "Bring in the candidate specialisations" in page

    action = reverse("priorities:candidates_from_specialisations", args=[edp.slug])
    html = client.post(action, follow=True).content.decode()
    assert "2 candidate specialisations were added as candidate priorities." in html
    assert "Aluminium value chain" in html and "Agri-food processing" in html

    html = client.post(action, follow=True).content.decode()
    assert "Every candidate specialisation is already a candidate priority: nothing to add." in html
    assert CandidatePriority.objects.filter(edp=edp).count() == 2


def test_bring_in_without_specialisations_says_what_to_do_first(client, edp, coordinator):
    client.force_login(coordinator)
    html = client.post(
        reverse("priorities:candidates_from_specialisations", args=[edp.slug]), follow=True
    ).content.decode()
    assert "The evaluation has no candidate specialisation yet" in html


def test_manual_candidates_are_still_possible(client, edp, coordinator):
    client.force_login(coordinator)
    client.post(reverse("priorities:candidate_add", args=[edp.slug]), {"title": "Hand-made", "summary": "", "order": 1})
    candidate = CandidatePriority.objects.get(edp=edp)
    assert candidate.specialisation is None
    html = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    assert "added by hand" in html or "No evidence is linked" in html


# --- The evidence panel --------------------------------------------------------------------


@pytest.fixture
def evidence_world(edp):
    specialisation = CandidateSpecialisationFactory(edp=edp, title="Aluminium value chain")
    smelter = RegionalAssetFactory(edp=edp, title="Aluminium smelter", evidence_figure="300,000 t a year")
    university = OrganisationFactory(name="Toraighyrov University", helix=Helix.ACADEMIA)
    strong = IdeaFactory(
        edp=edp,
        submitted=True,
        title="Dross recycling",
        organisation=university,
        helix=Helix.ACADEMIA,
        assets=[smelter],
    )
    weak = IdeaFactory(edp=edp, submitted=True, title="Alloy wheels", organisation=None, helix=Helix.CIVIL_SOCIETY)
    withdrawn = IdeaFactory(edp=edp, title="Withdrawn-idea-title", status="withdrawn")
    specialisation.ideas.set([strong, weak, withdrawn])
    score(strong, "71.5", "88.5")
    score(weak, "40")
    item = consultation_item_about(specialisation)
    stances(item, industry=["support", "support"], academia=["support", "oppose"], civil_society=["neutral"])
    CommentFactory(item=item, body_html="<p>Good for skilled jobs</p>", helpful_count=4)
    for status in (Comment.Status.HIDDEN, Comment.Status.PENDING_REVIEW, Comment.Status.DELETED):
        CommentFactory(item=item, status=status, helpful_count=9, body_html=f"<p>Never shown {status}</p>")
    RegionFactFactory(region=edp.region, indicator="Gross regional product", year=2022, value=Decimal("111"))
    grp = RegionFactFactory(region=edp.region, indicator="Gross regional product", year=2024, value=Decimal("4321.5"))
    RegionFactFactory(region=edp.region, indicator="Wheat harvest", year=2024, value=Decimal("900"))
    candidate = SelectedPriorityFactory(edp=edp, specialisation=specialisation, title="Aluminium value chain")
    candidate.supporting_facts.set([grp])
    for _ in range(2):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    return {"candidate": candidate, "specialisation": specialisation, "item": item, "strong": strong}


def test_anyone_sees_the_evidence_of_a_published_priority(client, edp, evidence_world):
    candidate, strong = evidence_world["candidate"], evidence_world["strong"]
    html = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    # The ideas, who submitted them, their helix, and links to them.
    assert "Dross recycling" in html and "Alloy wheels" in html
    assert reverse("edp:idea", args=[edp.slug, strong.pk]) in html
    assert "Toraighyrov University" in html and "A person on their own" in html
    assert "Academia" in html
    assert "Withdrawn-idea-title" not in html
    # Aggregated scores only: mean, median, spread and count, never who or each score.
    assert "80.00" in html and "17.00" in html and "40.00" in html
    assert "71.50" not in html and "88.50" not in html
    assert "Secret" not in html and "Evaluator" not in html
    # Consultation stances, also by helix, and the helpful visible comment only.
    assert evidence_world["item"].get_absolute_url() in html
    assert "Stances by helix" in html
    assert "Good for skilled jobs" in html and "4 people found this helpful" in html
    assert "Never shown" not in html
    # The regional asset the ideas build on and the region facts chosen as supporting it, no others.
    assert "Aluminium smelter" in html and "300,000 t a year" in html
    assert "Gross regional product" in html and "2024" in html and "2022" not in html
    assert "Wheat harvest" not in html


def test_stances_are_counted_overall_and_by_helix(edp, evidence_world):
    from priorities.evidence import evidence_for

    evidence = evidence_for(evidence_world["candidate"], UserFactory())
    assert evidence.consultation.counts == {"support": 3, "neutral": 1, "oppose": 1}
    rows = {row["helix"]: row["counts"] for row in evidence.consultation.chart["rows"]}
    assert rows[Helix.INDUSTRY] == [2, 0, 0]
    assert rows[Helix.ACADEMIA] == [1, 0, 1]
    assert rows[Helix.CIVIL_SOCIETY] == [0, 1, 0]
    assert [i.title for i in evidence.ideas] == ["Dross recycling", "Alloy wheels"]
    assert evidence.ideas[0].scores.count == 2 and evidence.score_mean == Decimal("60.00")


def test_the_public_page_links_each_priority_to_its_evidence_and_sums_it_up(client, edp, evidence_world):
    html = client.get(reverse("priorities:selection", args=[edp.slug])).content.decode()
    assert reverse("priorities:candidate", args=[evidence_world["candidate"].pk]) in html
    assert "Evidence: 2 ideas" in html
    assert "5 stances in the consultation" in html


@pytest.mark.parametrize("role", ["anonymous", "citizen", "evaluator", "moderator", "facilitator", "other_coordinator"])
def test_before_publication_the_evidence_is_not_shown_to(client, edp, role):
    specialisation = CandidateSpecialisationFactory(edp=edp)
    candidate = CandidatePriorityFactory(edp=edp, specialisation=specialisation)
    other = EDPFactory(slug="other-edp")
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "evaluator": EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR).user,
        "moderator": EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR).user,
        "facilitator": EDPRoleFactory(edp=edp, role=EDPRole.Role.FACILITATOR).user,
        "other_coordinator": EDPRoleFactory(edp=other, role=EDPRole.Role.COORDINATOR).user,
    }
    if users[role] is not None:
        give_totp(users[role])
        client.force_login(users[role])
    assert refusal_problem(client.get(reverse("priorities:candidate", args=[candidate.pk])), role) is None
    assert refusal_problem(client.get(reverse("priorities:selection", args=[edp.slug])), role) is None


def test_evidence_texts_are_escaped(client, edp):
    specialisation = CandidateSpecialisationFactory(edp=edp, title=f"Spec {XSS}")
    asset = RegionalAssetFactory(edp=edp, title=f"Asset {XSS}", evidence_figure=XSS, evidence_source=XSS)
    idea = IdeaFactory(
        edp=edp,
        submitted=True,
        title=f"Idea {XSS}",
        organisation=OrganisationFactory(name=f"Org {XSS}"),
        assets=[asset],
    )
    specialisation.ideas.set([idea])
    item = consultation_item_about(specialisation)
    item.consultation.title = f"Consultation {XSS}"
    item.consultation.save()
    CommentFactory(item=item, body=f"Comment {XSS} <img src=x onerror=alert(1)>")
    fact = RegionFactFactory(region=edp.region, indicator=f"Fact {XSS}", source=XSS)
    candidate = SelectedPriorityFactory(edp=edp, specialisation=specialisation)
    candidate.supporting_facts.set([fact])
    for _ in range(2):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    html = client.get(reverse("priorities:candidate", args=[candidate.pk])).content.decode()
    assert "Idea &lt;script&gt;" in html and "Comment" in html and "Fact &lt;script&gt;" in html
    assert XSS not in html
    assert "<img src=x onerror" not in html


def test_evidence_page_queries_do_not_grow_with_ideas_stances_and_comments(
    client, edp, evidence_world, django_assert_max_num_queries
):
    url = reverse("priorities:candidate", args=[evidence_world["candidate"].pk])
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(edp, evidence_world["specialisation"], evidence_world["item"], 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Evaluations" in html


def test_public_page_queries_do_not_grow_with_ideas_stances_and_comments(
    client, edp, evidence_world, django_assert_max_num_queries
):
    url = reverse("priorities:selection", args=[edp.slug])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(edp, evidence_world["specialisation"], evidence_world["item"], 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "Evidence: 14 ideas" in html


def test_the_process_tabs_lead_to_the_priorities_once_published(client, edp, coordinator):
    selection_url = reverse("priorities:selection", args=[edp.slug])
    page = reverse("edp:detail", args=[edp.slug])
    assert selection_url not in client.get(page).content.decode()
    client.force_login(coordinator)
    assert selection_url in client.get(page).content.decode()
    client.logout()
    for _ in range(3):
        SelectedPriorityFactory(edp=edp)
    services.priorities_publish(edp=edp, actor=None)
    assert selection_url in client.get(page).content.decode()
