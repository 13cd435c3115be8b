"""The coordinator's panel page: who evaluates, the helix mix, conflicts,
and assignments (automatic, then adjusted by hand)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError

from .. import ideas as idea_data
from .. import selectors, services
from ..forms import ManualAssignmentForm, ReasonForm
from ._common import edp_permission_required


@require_GET
@edp_permission_required("evaluations.manage_panel")
def panel(request: HttpRequest, edp) -> HttpResponse:
    overview = selectors.panel_overview(edp)
    members = [row["member"] for row in overview["members"]]
    form = ManualAssignmentForm(ideas=[row["idea"] for row in overview["ideas"]], members=members)
    shortfalls = request.session.pop(f"evaluations-shortfalls-{edp.pk}", [])
    return render(
        request,
        "evaluations/panel.html",
        {
            "edp": edp,
            "overview": overview,
            "settings": selectors.settings_for(edp),
            "form": form,
            "release_form": ReasonForm(),
            "shortfalls": shortfalls,
            "can_assign": request.user.has_perm("evaluations.assign", edp),
            "chart": {
                "labels": [row["label"] for row in overview["helix_mix"]],
                "values": [row["count"] for row in overview["helix_mix"]],
            },
        },
    )


@require_POST
@edp_permission_required("evaluations.assign")
def assign_auto(request: HttpRequest, edp) -> HttpResponse:
    try:
        result = services.assignments_auto(actor=request.user, edp=edp)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("evaluations:panel", slug=edp.slug)
    messages.success(
        request,
        ngettext("%(n)s assignment was made.", "%(n)s assignments were made.", len(result.created))
        % {"n": len(result.created)},
    )
    if result.shortfalls:
        request.session[f"evaluations-shortfalls-{edp.pk}"] = [
            {"title": s.idea.title, "message": s.message} for s in result.shortfalls
        ]
    return redirect("evaluations:panel", slug=edp.slug)


@require_POST
@edp_permission_required("evaluations.assign")
def assign_manual(request: HttpRequest, edp) -> HttpResponse:
    members = idea_data.panel(edp)
    form = ManualAssignmentForm(request.POST, ideas=idea_data.submitted_ideas(edp), members=members)
    if form.is_valid():
        try:
            services.assignment_add(
                actor=request.user,
                edp=edp,
                idea_id=form.cleaned_data["idea"],
                evaluator_id=form.cleaned_data["evaluator"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The evaluator was assigned."))
    else:
        messages.error(request, _("Choose an idea and an evaluator."))
    return redirect("evaluations:panel", slug=edp.slug)


@require_POST
@edp_permission_required("evaluations.assign")
def release(request: HttpRequest, edp, assignment_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Say why the assignment is taken back."))
        services.assignment_release(
            actor=request.user, edp=edp, assignment_id=assignment_id, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The assignment was taken back."))
    return redirect("evaluations:panel", slug=edp.slug)
