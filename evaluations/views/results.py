"""The coordinator's results: ranking with filters and exports, one idea's
evaluations with the decision and the consensus discussion, candidate
specialisations; and the submitter's view of the outcome."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from edp.models import AssetDimension, Idea
from stakeholders.choices import Helix

from .. import exports, selectors, services
from ..forms import CandidateForm, ConsensusForm, DecisionForm
from ..models import IdeaDecision
from ._common import edp_permission_required, get_edp, post_to_thread


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
@edp_permission_required("evaluations.view_results")
def ranking(request: HttpRequest, edp) -> HttpResponse:
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
@edp_permission_required("evaluations.view_results")
def ranking_export(request: HttpRequest, edp, fmt: str) -> HttpResponse:
    results = selectors.idea_results(edp, **_filters(request))
    header, rows = exports.ranking_rows(results, selectors.criteria_for(edp))
    name = f"ranking-{slugify(edp.slug)}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(exports.to_csv(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _idea(edp, idea_id) -> Idea:
    return get_object_or_404(
        Idea.objects.select_related("organisation", "submitter").prefetch_related("assets", "partners"),
        edp=edp,
        pk=idea_id,
        status=Idea.Status.SUBMITTED,
    )


@require_http_methods(["GET", "POST"])
@edp_permission_required("evaluations.view_results")
def idea_detail(request: HttpRequest, edp, idea_id: int) -> HttpResponse:
    idea = _idea(edp, idea_id)
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
        if not request.user.has_perm("evaluations.decide", edp):
            form.add_error(None, _("Decisions are taken during evaluation or consultation."))
        elif form.is_valid():
            try:
                services.decision_record(actor=request.user, edp=edp, idea_id=idea.pk, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field, exc.message)
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
            "can_decide": request.user.has_perm("evaluations.decide", edp),
            "thread": thread,
            "consensus_form": ConsensusForm(),
            "history": decision.history.select_related("history_user").order_by("-history_date")[:10]
            if decision
            else [],
        },
        status=status,
    )


@require_POST
@edp_permission_required("evaluations.view_results")
def coordinator_post(request: HttpRequest, edp, idea_id: int) -> HttpResponse:
    idea = _idea(edp, idea_id)
    post_to_thread(request, edp, idea.pk)
    return redirect("evaluations:idea", slug=edp.slug, idea_id=idea.pk)


@require_http_methods(["GET", "POST"])
@edp_permission_required("evaluations.view_results")
def candidates(request: HttpRequest, edp) -> HttpResponse:
    shortlisted = list(
        Idea.objects.filter(edp=edp, evaluation_decision__outcome=IdeaDecision.Outcome.SHORTLISTED).order_by("title")
    )
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
        if not request.user.has_perm("evaluations.decide", edp):
            form.add_error(None, _("Candidate specialisations are formed during evaluation or consultation."))
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
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
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
            "can_decide": request.user.has_perm("evaluations.decide", edp),
        },
        status=status,
    )


@require_GET
def outcome(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    """What the authors of an idea learn: the decision and the feedback —
    never who evaluated it, nor the individual scores."""
    edp = get_edp(slug)
    idea = get_object_or_404(Idea.objects.select_related("organisation"), edp=edp, pk=idea_id)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("evaluations.view_outcome", idea):
        raise Http404
    decision = IdeaDecision.objects.filter(idea=idea).first()
    return render(
        request,
        "evaluations/outcome.html",
        {
            "edp": edp,
            "idea": idea,
            "decision": decision,
            "candidates": list(idea.candidate_specialisations.all()) if decision else [],
        },
    )
