"""The coordinator's results: ranking with filters and exports, one idea's
evaluations with the decision and the consensus discussion, candidate
specialisations; and the submitter's view of the outcome."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core import exports as core_exports
from core.errors import DomainError
from core.forms import domain_error_to_form
from edp.models import AssetDimension
from stakeholders.choices import Helix

from .. import exports, selectors, services
from ..access import edp_for, outcome_for, submitted_idea_for
from ..forms import CandidateForm, ConsensusForm, DecisionForm
from ..models import IdeaDecision
from ._thread import post_to_thread


def _filters(request) -> dict:
    flagged = request.GET.get("flagged", "")
    return {
        "helix": request.GET.get("helix", "") if request.GET.get("helix", "") in Helix.values else "",
        "dimension": request.GET.get("dimension", "")
        if request.GET.get("dimension", "") in AssetDimension.values
        else "",
        "flagged": True if flagged == "yes" else False if flagged == "no" else None,
        "outcome": request.GET.get("outcome", "")
        if request.GET.get("outcome", "") in [*IdeaDecision.Outcome.values, "undecided"]
        else "",
    }


@require_GET
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.view_results")
    filters = _filters(request)
    results = selectors.idea_results(edp, **filters)
    criteria = selectors.criteria_for(edp)
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    top = [r for r in results if r.summary.mean is not None][:15]
    return render(
        request,
        "evaluations/ranking.html",
        {
            "edp": edp,
            "page": page,
            "criteria": criteria,
            "filters": filters,
            "helix_choices": Helix.choices,
            "dimension_choices": AssetDimension.choices,
            "outcome_choices": [*IdeaDecision.Outcome.choices, ("undecided", _("Not decided yet"))],
            "complete": sum(1 for r in results if r.summary.complete),
            "total": len(results),
            "flagged_count": sum(1 for r in results if r.summary.flagged),
            "chart": {
                "labels": [r.idea.title[:40].replace("|", "/") for r in top],
                "values": [str(r.summary.mean) for r in top],
            },
        },
    )


@require_GET
def ranking_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    edp = edp_for(request, slug, "evaluations.view_results")
    results = selectors.idea_results(edp, **_filters(request))
    header, rows = exports.ranking_rows(results, selectors.criteria_for(edp))
    name = f"ranking-{slugify(edp.slug)}"
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(header, rows), content_type=core_exports.XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(exports.to_csv(header, rows), content_type=core_exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def idea_detail(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    idea = submitted_idea_for(request, slug, idea_id)
    edp = idea.edp
    decide = access.can(request, "evaluations.decide", edp)
    result = selectors.idea_results_for(edp, idea)
    decision = result.decision if result else None
    initial = (
        {"outcome": decision.outcome, "rationale": decision.rationale, "feedback": decision.feedback}
        if decision
        else {}
    )
    form = DecisionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not decide:
            form.add_error(None, decide.reason)
        elif form.is_valid():
            try:
                services.decision_record(actor=request.user, edp=edp, idea_id=idea.pk, **form.cleaned_data)
            except DomainError as exc:
                domain_error_to_form(form, exc)
            else:
                messages.success(request, _("The decision was recorded."))
                return redirect("evaluations:idea", slug=edp.slug, idea_id=idea.pk)
        status = 400
    evaluations = selectors.evaluations_of_idea(idea)
    names = {e.assignment.evaluator_id: e.assignment.evaluator.public_name for e in evaluations}
    thread = [
        {"author": names.get(m.author_id) or (m.author.public_name if m.author else ""), "message": m}
        for m in selectors.consensus_thread(idea)
    ]
    return render(
        request,
        "evaluations/idea_detail.html",
        {
            "edp": edp,
            "idea": idea,
            "summary": result.summary if result else None,
            "decision": decision,
            "evaluations": evaluations,
            "criteria": selectors.criteria_for(edp),
            "form": form,
            "decide": decide,
            "thread": thread,
            "consensus_form": ConsensusForm(),
            "history": decision.history.select_related("history_user").order_by("-history_date")[:10]
            if decision
            else [],
        },
        status=status,
    )


@require_POST
def coordinator_post(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    idea = submitted_idea_for(request, slug, idea_id)
    post_to_thread(request, idea.edp, idea.pk)
    return redirect("evaluations:idea", slug=idea.edp.slug, idea_id=idea.pk)


@require_http_methods(["GET", "POST"])
def candidates(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.view_results")
    decide = access.can(request, "evaluations.decide", edp)
    shortlisted = selectors.shortlisted_ideas(edp)
    existing = list(selectors.candidate_specialisations(edp))
    editing = None
    if request.GET.get("edit"):
        editing = next((c for c in existing if str(c.pk) == request.GET["edit"]), None)
    initial = (
        {
            "title": editing.title,
            "description": editing.description,
            "rationale": editing.rationale,
            "ideas": [i.pk for i in editing.ideas.all()],
        }
        if editing
        else {}
    )
    form = CandidateForm(request.POST or None, initial=initial, ideas=shortlisted)
    status = 200
    if request.method == "POST":
        candidate_id = request.POST.get("candidate_id") or None
        if not decide:
            form.add_error(None, decide.reason)
        elif "delete" in request.POST and candidate_id:
            try:
                services.candidate_delete(actor=request.user, edp=edp, candidate_id=int(candidate_id))
            except (DomainError, ValueError) as exc:
                messages.error(request, getattr(exc, "message", str(exc)))
            return redirect("evaluations:candidates", slug=edp.slug)
        elif form.is_valid():
            try:
                services.candidate_save(
                    actor=request.user,
                    edp=edp,
                    candidate_id=int(candidate_id) if candidate_id and candidate_id.isdigit() else None,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    rationale=form.cleaned_data["rationale"],
                    idea_ids=form.cleaned_data["ideas"],
                )
            except DomainError as exc:
                domain_error_to_form(form, exc)
            else:
                messages.success(request, _("The candidate specialisation was saved."))
                return redirect("evaluations:candidates", slug=edp.slug)
        status = 400
    return render(
        request,
        "evaluations/candidates.html",
        {
            "edp": edp,
            "candidates": existing,
            "form": form,
            "editing": editing,
            "shortlisted": shortlisted,
            "decide": decide,
        },
        status=status,
    )


@require_GET
def outcome(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    """What the authors of an idea learn: the decision and the feedback —
    never who evaluated it, nor the individual scores."""
    idea = outcome_for(request, slug, idea_id)
    decision = selectors.decision_of(idea)
    return render(
        request,
        "evaluations/outcome.html",
        {
            "edp": idea.edp,
            "idea": idea,
            "decision": decision,
            "candidates": list(idea.candidate_specialisations.all()) if decision else [],
        },
    )
