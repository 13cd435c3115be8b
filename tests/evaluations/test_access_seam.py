"""The evaluation pages on the access seam (issue 12): every URL with an id
answers 404 for an unknown id or one of another EDP; refusals say why (the
403 page, and the pages instead of a form that would be refused); the
exports keep every cell — criteria names in the header included — from
running as a formula; assignments and evaluations move along their declared
lifecycles."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.errors import DomainError
from edp.models import EDPRole
from evaluations import urls as evaluation_urls
from evaluations.models import Assignment, Evaluation, EvaluationSettings
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory, IdeaFactory
from tests.factories.evaluations import EvaluationCriterionFactory

pytestmark = pytest.mark.django_db

UNKNOWN = 987654

# url name → (method, who may use it in their own EDP, the ids after the slug).
# ``ours``: the ids of this EDP's objects; the same ids under another EDP's
# slug, by that EDP's own coordinator or evaluator, must be unknown there.
ID_URLS = {
    "evaluator_cap": ("post", "coordinator", lambda w: [w["people"]["evaluator"].pk]),
    "release": ("post", "coordinator", lambda w: [w["assignment"].pk]),
    "score": ("get", "evaluator", lambda w: [w["idea"].pk]),
    "declare_conflict": ("post", "evaluator", lambda w: [w["idea"].pk]),
    "evaluator_post": ("post", "evaluator", lambda w: [w["idea"].pk]),
    "idea": ("get", "coordinator", lambda w: [w["idea"].pk]),
    "coordinator_post": ("post", "coordinator", lambda w: [w["idea"].pk]),
    "outcome": ("get", "submitter", lambda w: [w["idea"].pk]),
}


@pytest.fixture
def seam(world, people):
    other_edp = EDPRole.objects.get(user=people["other_coordinator"]).edp
    EvaluationCriterionFactory(edp=other_edp, weight=100)
    their_evaluator = EDPRoleFactory(edp=other_edp, role=EDPRole.Role.EVALUATOR, user=UserFactory()).user
    their_submitter = UserFactory()
    their_idea = IdeaFactory(edp=other_edp, submitted=True, submitter=their_submitter)
    Assignment.objects.create(edp=other_edp, idea=their_idea, evaluator=their_evaluator)
    theirs = {"coordinator": people["other_coordinator"], "evaluator": their_evaluator, "submitter": their_submitter}
    return {**world, "people": people, "other_edp": other_edp, "theirs": theirs}


def test_the_table_covers_every_url_with_an_id():
    with_ids = {p.name for p in evaluation_urls.urlpatterns if any(k != "slug" for k in p.pattern.converters)}
    assert with_ids - {"ranking_export"} == set(ID_URLS)  # ranking_export's "id" is the format


@pytest.mark.parametrize("name", sorted(ID_URLS))
def test_unknown_ids_are_not_found(client, seam, name):
    method, who, ids = ID_URLS[name]
    client.force_login(seam["people"][who])
    url = reverse(f"evaluations:{name}", args=[seam["edp"].slug, *[UNKNOWN for _ in ids(seam)]])
    assert getattr(client, method)(url).status_code == 404


@pytest.mark.parametrize("name", sorted(ID_URLS))
def test_ids_of_another_edp_are_not_found_at_any_url(client, seam, name):
    method, who, ids = ID_URLS[name]
    client.force_login(seam["theirs"][who])
    url = reverse(f"evaluations:{name}", args=[seam["other_edp"].slug, *ids(seam)])
    assert getattr(client, method)(url).status_code == 404


@pytest.mark.parametrize("pattern", list(evaluation_urls.urlpatterns), ids=lambda p: p.name)
def test_an_unknown_process_is_not_found(client, seam, pattern):
    client.force_login(seam["people"]["coordinator"])
    args = ["no-such-process", *[1 for k in pattern.pattern.converters if k not in ("slug", "fmt")]]
    if "fmt" in pattern.pattern.converters:
        args.append("csv")
    response = client.get(reverse(f"evaluations:{pattern.name}", args=args))
    assert response.status_code in (404, 405)
    if response.status_code == 405:  # a POST-only action
        assert client.post(reverse(f"evaluations:{pattern.name}", args=args)).status_code == 404


# --- Refusals say why ---------------------------------------------------------------


def test_the_403_page_says_why(client, seam):
    client.force_login(seam["people"]["citizen"])
    page = client.get(reverse("evaluations:panel", args=[seam["edp"].slug]))
    assert page.status_code == 403
    assert "Only the coordinators of this process run its evaluation of ideas." in page.content.decode()
    queue = client.get(reverse("evaluations:queue", args=[seam["edp"].slug]))
    assert queue.status_code == 403
    assert "Only the evaluators of this process have ideas to score here." in queue.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, seam):
    url = reverse("evaluations:panel", args=[seam["edp"].slug])
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"{reverse('account_login')}?next={url}"


def test_the_panel_says_why_evaluators_cannot_be_assigned_now(client, seam):
    edp = seam["edp"]
    edp.stage = "consultation"
    edp.save(update_fields=["stage"])
    client.force_login(seam["people"]["coordinator"])
    page = client.get(reverse("evaluations:panel", args=[edp.slug])).content.decode()
    assert "Evaluators are assigned during idea evaluation; this EDP is in the “Public consultation” stage." in page
    assert reverse("evaluations:assign_auto", args=[edp.slug]) not in page


def test_the_score_page_says_why_scoring_is_closed_and_the_service_refuses_alike(client, seam):
    EvaluationSettings.objects.update_or_create(
        edp=seam["edp"], defaults={"deadline": timezone.now() - timedelta(hours=1)}
    )
    client.force_login(seam["people"]["evaluator"])
    url = reverse("evaluations:score", args=[seam["edp"].slug, seam["idea"].pk])
    page = client.get(url).content.decode()
    assert "The scoring deadline passed on" in page and 'name="submit"' not in page
    c1, c2 = seam["criteria"]
    refused = client.post(url, {f"score_{c1.pk}": 3, f"score_{c2.pk}": 3, "submit": "1"})
    assert refused.status_code == 403 and "The scoring deadline passed on" in refused.content.decode()
    assert not Evaluation.objects.exists()


def test_decisions_closed_in_this_stage_say_why_instead_of_a_form(client, seam):
    edp = seam["edp"]
    edp.stage = "priority_selection"
    edp.save(update_fields=["stage"])
    client.force_login(seam["people"]["coordinator"])
    reason = (
        "Decisions on ideas are taken during evaluation or consultation; this EDP is in the “Priority selection” stage."
    )
    page = client.get(reverse("evaluations:idea", args=[edp.slug, seam["idea"].pk])).content.decode()
    assert reason in page and "Record the decision" not in page
    candidates = client.get(reverse("evaluations:candidates", args=[edp.slug])).content.decode()
    assert reason in candidates


def test_the_criteria_page_tells_a_coordinator_why_the_grid_is_closed(client, seam):
    edp = seam["edp"]
    edp.stage = "consultation"
    edp.save(update_fields=["stage"])
    client.force_login(seam["people"]["coordinator"])
    page = client.get(reverse("evaluations:criteria", args=[edp.slug])).content.decode()
    assert "Criteria cannot be changed in the “Public consultation” stage." in page
    assert "criteria-TOTAL_FORMS" not in page


# --- Exports: one guard for every cell ----------------------------------------------

FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1+2", "\r=3+4"]


def test_criteria_names_that_look_like_formulas_are_text_in_the_ranking_exports(client, seam):
    """Issue 13 item 8: the evaluation export's own guard missed tab and
    carriage return; the header (criteria names) was never guarded."""
    edp = seam["edp"]
    for criterion, name in zip(seam["criteria"], FORMULAS[:2], strict=True):
        criterion.name = name
        criterion.save(update_fields=["name"])
    for position, name in enumerate(FORMULAS[2:], start=2):
        EvaluationCriterionFactory(edp=edp, name=name, weight=1, position=position)
    seam["idea"].title = '=HYPERLINK("http://evil")'
    seam["idea"].save(update_fields=["title"])
    client.force_login(seam["people"]["coordinator"])
    xlsx = client.get(reverse("evaluations:ranking_export", args=[edp.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    # (XML stores a carriage return as a line feed.)
    header = {cell.value.replace("\r", "\n"): cell for cell in sheet[1]}
    for name in FORMULAS:
        cell = header["'" + name.replace("\r", "\n")]
        assert cell.data_type == "s", name  # text, not a live formula
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil")' and sheet["B2"].data_type == "s"
    text = client.get(reverse("evaluations:ranking_export", args=[edp.slug, "csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    for name in FORMULAS:
        assert "'" + name in rows[0]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)


def test_an_unknown_export_format_is_not_found(client, seam):
    client.force_login(seam["people"]["coordinator"])
    assert client.get(reverse("evaluations:ranking_export", args=[seam["edp"].slug, "pdf"])).status_code == 404


# --- Lifecycles ------------------------------------------------------------------


def test_assignments_and_evaluations_refuse_illegal_moves_with_the_reason(seam):
    assignment = seam["assignment"]
    Assignment.lifecycle.apply(assignment, "release")
    assert not assignment.is_active
    with pytest.raises(DomainError, match="This cannot be done at the status “Released”."):
        Assignment.lifecycle.apply(assignment, "release")
    Assignment.lifecycle.apply(assignment, "reassign")
    assert Assignment.objects.get(pk=assignment.pk).is_active
    evaluation = Evaluation.objects.create(assignment=assignment, status=Evaluation.Status.SUBMITTED)
    assert evaluation.is_submitted and Evaluation.lifecycle.is_in(evaluation, "final")
    with pytest.raises(DomainError, match="This cannot be done at the status “Submitted”."):
        Evaluation.lifecycle.apply(evaluation, "submit")


def test_a_released_assignment_cannot_be_scored_and_says_why(seam):
    from evaluations import services

    assignment = seam["assignment"]
    services.assignment_release(
        actor=seam["people"]["coordinator"], edp=seam["edp"], assignment_id=assignment.pk, reason="Busy"
    )
    assignment.refresh_from_db()
    c1, _c2 = seam["criteria"]
    with pytest.raises(DomainError, match="This idea is not assigned to you."):
        services.evaluation_save(
            actor=assignment.evaluator, assignment=assignment, scores=[services.ScoreInput(c1.pk, 3)]
        )
