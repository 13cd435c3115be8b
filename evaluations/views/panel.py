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
from ..access import assignment_for, edp_for, panel_member_for
from ..forms import EvaluatorCapForm, ManualAssignmentForm, ReasonForm


@require_GET
def panel(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_panel(request, edp_for(request, slug, "evaluations.manage_panel"))


def _render_panel(request: HttpRequest, edp, *, cap_form=None, cap_for: int | None = None) -> HttpResponse:
    """The panel page; with ``cap_form`` (invalid), that evaluator's cap field shows its errors."""
    overview = selectors.panel_overview(edp)
    members = [row["member"] for row in overview["members"]]
    form = ManualAssignmentForm(ideas=[row["idea"] for row in overview["ideas"]], members=members)
    for row in overview["members"]:
        uid = row["member"].user_id
        if cap_form is not None and uid == cap_for:
            row["cap_form"] = cap_form
        else:
            row["cap_form"] = EvaluatorCapForm(initial={"max_ideas": row["personal_cap"]}, prefix=f"cap-{uid}")
    shortfalls = request.session.pop(f"evaluations-shortfalls-{edp.pk}", [])
    return render(
        request,
        "evaluations/panel.html",
        {
            "edp": edp,
            "overview": overview,
            "settings": overview["settings"],
            "form": form,
            "release_form": ReasonForm(),
            "shortfalls": shortfalls,
            "chart": {
                "labels": [row["label"] for row in overview["helix_mix"]],
                "values": [row["count"] for row in overview["helix_mix"]],
            },
        },
        status=400 if cap_form is not None else 200,
    )


@require_POST
def evaluator_cap(request: HttpRequest, slug: str, evaluator_id: int) -> HttpResponse:
    """Set or clear one panel member's personal cap."""
    edp, _member = panel_member_for(request, slug, evaluator_id)
    form = EvaluatorCapForm(request.POST, prefix=f"cap-{evaluator_id}")
    if not form.is_valid():
        return _render_panel(request, edp, cap_form=form, cap_for=evaluator_id)
    try:
        result = services.evaluator_cap_set(
            actor=request.user, edp=edp, evaluator_id=evaluator_id, max_ideas=form.cleaned_data["max_ideas"]
        )
    except DomainError as exc:
        if exc.field == "max_ideas":
            form.add_error("max_ideas", exc.message)
            return _render_panel(request, edp, cap_form=form, cap_for=evaluator_id)
        messages.error(request, exc.message)
        return redirect("evaluations:panel", slug=edp.slug)
    if result.cap is None:
        messages.success(request, _("No limit applies to this evaluator any more."))
    elif result.personal:
        messages.success(
            request,
            ngettext("The personal cap is set to %(n)s idea.", "The personal cap is set to %(n)s ideas.", result.cap)
            % {"n": result.cap},
        )
    else:
        messages.success(
            request, _("The personal cap is removed; the EDP-wide maximum of %(n)s applies.") % {"n": result.cap}
        )
    if result.cap is not None and result.load > result.cap:
        messages.warning(
            request,
            ngettext(
                "They already hold %(load)s idea, more than the cap: they get no new ones, and you may take "
                "some back below.",
                "They already hold %(load)s ideas, more than the cap: they get no new ones, and you may take "
                "some back below.",
                result.load,
            )
            % {"load": result.load},
        )
    return redirect("evaluations:panel", slug=edp.slug)


@require_POST
def assign_auto(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.assign")
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
def assign_manual(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.assign")
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
def release(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    assignment = assignment_for(request, slug, assignment_id)  # ids of another EDP are not found here
    edp = assignment.edp
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
