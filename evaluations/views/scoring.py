"""The evaluator's side: the queue, the scoring form, declaring a conflict,
and — once submitted — the other (anonymous) evaluations of the idea."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import DomainError

from .. import ideas as idea_data
from .. import selectors, services
from ..access import edp_for, own_assignment_for
from ..forms import ConsensusForm, ReasonForm, ScoreForm
from ._thread import post_to_thread


def pseudonym(index: int) -> str:
    """“Evaluator A”, “Evaluator B”…: evaluators never see each other's names."""
    return _("Evaluator %(letter)s") % {"letter": chr(ord("A") + index % 26)}


@require_GET
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.view_queue")
    items = selectors.queue_for(edp, request.user)
    done = sum(1 for i in items if i.is_submitted)
    return render(
        request,
        "evaluations/queue.html",
        {
            "edp": edp,
            "items": items,
            "done": done,
            "total": len(items),
            "percent": round(100 * done / len(items)) if items else 0,
            "settings": selectors.settings_for(edp),
            "criteria_count": len(selectors.criteria_for(edp)),
        },
    )


@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    assignment = own_assignment_for(request, slug, idea_id)
    edp = assignment.edp
    criteria = selectors.criteria_for(edp)
    evaluation = selectors.evaluation_of(assignment)
    initial = {"comment": evaluation.comment if evaluation else ""}
    if evaluation:
        for s in evaluation.scores.all():
            initial[services.score_field(s.criterion_id)] = s.score
            initial[services.justification_field(s.criterion_id)] = s.justification
    form = ScoreForm(request.POST or None, initial=initial, criteria=criteria)
    status = 200
    may_score = access.can(request, "evaluations.score", assignment)
    if request.method == "POST":
        access.require(request, "evaluations.score", assignment)
        if form.is_valid():
            submit = "submit" in request.POST
            data = form.cleaned_data
            rows = [
                services.ScoreInput(
                    criterion_id=c.pk,
                    score=data.get(services.score_field(c.pk)),
                    justification=data.get(services.justification_field(c.pk), ""),
                )
                for c in criteria
            ]
            try:
                services.evaluation_save(
                    actor=request.user, assignment=assignment, scores=rows, comment=data["comment"], submit=submit
                )
            except services.EvaluationInvalid as exc:
                for field, message in exc.errors.items():
                    form.add_error(field, message)
                form.add_error(None, exc.message)
            except DomainError as exc:
                if exc.code == "conflict":
                    # The assignment is gone (handed on): back to the queue, saying why.
                    messages.error(request, exc.message)
                    return redirect("evaluations:queue", slug=edp.slug)
                form.add_error(None, exc.message)
            else:
                if submit:
                    messages.success(request, _("Your evaluation was submitted. Thank you."))
                else:
                    messages.success(request, _("Your draft was saved."))
                return redirect("evaluations:score", slug=edp.slug, idea_id=idea_id)
        status = 400
    submitted = bool(evaluation and evaluation.is_submitted)
    # Conflicts are fixed at assignment, but memberships change: say so
    # before the evaluator puts work in (saving then hands the idea on).
    conflict = None if submitted else idea_data.conflict_now(edp, assignment.idea, request.user.pk)
    context = {
        "edp": edp,
        "assignment": assignment,
        "idea": assignment.idea,
        "criteria": criteria,
        "form": form,
        "evaluation": evaluation,
        "submitted": submitted,
        "may_score": may_score,
        "conflict_form": ReasonForm(),
        "conflict_now": idea_data.conflict_label(conflict) if conflict else "",
        "settings": selectors.settings_for(edp),
    }
    if submitted:
        # Only now may the evaluator see the others' scores — without names.
        others = selectors.evaluations_of_idea(assignment.idea)
        context["others"] = [
            {"label": _("You") if e.assignment_id == assignment.pk else pseudonym(i), "evaluation": e}
            for i, e in enumerate(others)
        ]
        results = selectors.idea_results_for(edp, assignment.idea)
        context["summary"] = results.summary if results else None
        context["thread"] = [
            {"author": _label_for(m, others, edp), "message": m} for m in selectors.consensus_thread(assignment.idea)
        ]
        context["consensus_form"] = ConsensusForm()
    return render(request, "evaluations/score.html", context, status=status)


def _label_for(message, evaluations, edp) -> str:
    for i, e in enumerate(evaluations):
        if e.assignment.evaluator_id == message.author_id:
            return pseudonym(i)
    return _("Coordinator")


@require_POST
def declare_conflict(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    assignment = own_assignment_for(request, slug, idea_id)
    edp = assignment.edp
    form = ReasonForm(request.POST)
    try:
        services.conflict_declare(actor=request.user, assignment=assignment, reason=form.data.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("evaluations:score", slug=edp.slug, idea_id=idea_id)
    messages.success(request, _("Your conflict of interest was recorded and the idea was handed to someone else."))
    return redirect("evaluations:queue", slug=edp.slug)


@require_POST
def evaluator_post(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    assignment = own_assignment_for(request, slug, idea_id)
    edp = assignment.edp
    post_to_thread(request, edp, assignment.idea_id)
    return redirect("evaluations:score", slug=edp.slug, idea_id=idea_id)
