"""The evaluation entries of the EDP's section tabs: coordinators of the EDP
see “Evaluation”, its evaluators “My evaluations” with their progress, and
nobody else sees anything of it. Every link shown opens for the person who
sees it; every evaluation page not linked for them refuses them."""

import re

import pytest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Assignment
from evaluations.services import ScoreInput, evaluation_save
from tests.factories.edp import IdeaFactory

from .conftest import ALL_ROLES

pytestmark = pytest.mark.django_db

SECTIONS = re.compile(r'<nav[^>]*aria-label="Sections of this process".*?</nav>', re.S)
SUB_NAV = re.compile(r'<nav[^>]*aria-label="Idea evaluation".*?</nav>', re.S)

COORDINATOR_PAGES = ["settings", "panel", "ranking", "candidates"]
EVALUATOR_PAGES = ["queue"]


def _sections(html: str) -> str:
    match = SECTIONS.search(html)
    assert match, "the EDP page has its section tabs"
    return match.group(0)


def _evaluation_links(fragment: str, slug: str) -> dict[str, str]:
    """Visible text → href of the links into the evaluation pages."""
    links = {}
    for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', fragment, re.S):
        if href.startswith(f"/evaluation/{slug}/"):
            visible = re.sub(r'<span class="visually-hidden">.*?</span>|<[^>]+>', " ", text)
            links[" ".join(visible.split())] = href
    return links


def _evaluation_pages(slug: str) -> dict[str, str]:
    return {name: reverse(f"evaluations:{name}", args=[slug]) for name in COORDINATOR_PAGES + EVALUATOR_PAGES}


@pytest.mark.parametrize("page", ["edp:detail", "edp:ideas", "edp:meetings"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_tabs_show_only_what_the_role_can_use(page, role, world, as_role):
    slug = world["edp"].slug
    client = as_role(role)
    html = client.get(reverse(page, args=[slug])).content.decode()
    links = _evaluation_links(_sections(html), slug)
    expected = {
        "coordinator": {"Evaluation": reverse("evaluations:panel", args=[slug])},
        "evaluator": {"My evaluations 0/1": reverse("evaluations:queue", args=[slug])},
        "evaluator_unassigned": {"My evaluations 0/0": reverse("evaluations:queue", args=[slug])},
        "evaluator_conflicted": {"My evaluations 0/0": reverse("evaluations:queue", args=[slug])},
    }.get(role, {})
    assert links == expected, role
    # What is linked opens; what is not linked refuses.
    linked = set(links.values())
    for url in _evaluation_pages(slug).values():
        status = client.get(url).status_code
        if url in linked or (role == "coordinator" and url in _coordinator_sub_nav(client, slug)):
            assert status == 200, (role, url)
        else:
            assert status in {302, 403}, (role, url, status)


def _coordinator_sub_nav(client, slug) -> set[str]:
    html = client.get(reverse("evaluations:panel", args=[slug])).content.decode()
    match = SUB_NAV.search(html)
    return set(_evaluation_links(match.group(0), slug).values()) if match else set()


def test_coordinators_sub_navigation_covers_every_step(world, as_role):
    slug = world["edp"].slug
    client = as_role("coordinator")
    sub_nav = SUB_NAV.search(client.get(reverse("evaluations:ranking", args=[slug])).content.decode()).group(0)
    assert list(_evaluation_links(sub_nav, slug)) == [
        "Criteria",
        "Settings",
        "Panel and assignment",
        "Ranking and decisions",
        "Candidate specialisations",
    ]
    assert f'aria-current="page" href="/evaluation/{slug}/ranking/"' in sub_nav
    # The EDP's own tabs stay, with “Evaluation” as the current section.
    sections = _sections(client.get(reverse("evaluations:panel", args=[slug])).content.decode())
    assert re.search(r'class="nav-link active" aria-current="page" href="[^"]+">Evaluation<', sections)


def test_evaluators_pages_show_no_coordinator_navigation(world, as_role):
    slug = world["edp"].slug
    html = as_role("evaluator").get(reverse("evaluations:queue", args=[slug])).content.decode()
    assert SUB_NAV.search(html) is None
    sections = _sections(html)
    assert _evaluation_links(sections, slug) == {"My evaluations 0/1": reverse("evaluations:queue", args=[slug])}
    assert f'aria-current="page" href="/evaluation/{slug}/my/"' in sections


def test_public_criteria_page_links_to_nothing_of_the_evaluation(world, as_role):
    """Criteria are public (submitters should know how they will be judged), but
    reading them shows nobody the panel, the ranking or the queue."""
    slug = world["edp"].slug
    for role in ("anonymous", "citizen", "moderator", "other_coordinator"):
        response = as_role(role).get(reverse("evaluations:criteria", args=[slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert SUB_NAV.search(html) is None
        assert _evaluation_links(_sections(html), slug) == {}


@pytest.mark.parametrize(
    ("stage", "landing"), [("foresight", "criteria"), ("evaluation", "panel"), ("consultation", "ranking")]
)
def test_the_coordinators_tab_leads_to_the_current_step(stage, landing, world, as_role):
    edp = world["edp"]
    edp.stage = stage
    edp.save()
    html = as_role("coordinator").get(reverse("edp:detail", args=[edp.slug])).content.decode()
    assert _evaluation_links(_sections(html), edp.slug) == {
        "Evaluation": reverse(f"evaluations:{landing}", args=[edp.slug])
    }


def test_progress_counts_only_submitted_active_assignments(world, as_role):
    edp, (c1, c2) = world["edp"], world["criteria"]
    evaluator = world["assignment"].evaluator
    evaluation_save(
        actor=evaluator,
        assignment=world["assignment"],
        scores=[ScoreInput(c1.pk, 3), ScoreInput(c2.pk, 4)],
        submit=True,
    )
    draft = Assignment.objects.create(edp=edp, idea=IdeaFactory(edp=edp, submitted=True), evaluator=evaluator)
    evaluation_save(actor=evaluator, assignment=draft, scores=[ScoreInput(c1.pk, 3)])
    Assignment.objects.create(
        edp=edp, idea=IdeaFactory(edp=edp, submitted=True), evaluator=evaluator, status=Assignment.Status.RELEASED
    )
    html = as_role("evaluator").get(reverse("edp:detail", args=[edp.slug])).content.decode()
    sections = _sections(html)
    assert "My evaluations 1/2" in _evaluation_links(sections, edp.slug)
    assert "(1 of 2 submitted)" in sections


def test_the_tabs_cost_the_same_queries_however_many_assignments(world, as_role):
    from django.db import connection

    edp = world["edp"]
    client = as_role("evaluator")
    url = reverse("edp:detail", args=[edp.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    evaluator = world["assignment"].evaluator
    for _ in range(6):
        Assignment.objects.create(edp=edp, idea=IdeaFactory(edp=edp, submitted=True), evaluator=evaluator)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) <= len(few.captured_queries)
