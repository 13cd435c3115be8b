from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from edp.rules import is_coordinator

from .. import selectors, services
from ..forms import CriterionFormSet, EvaluationSettingsForm
from ._common import edp_permission_required


def _criteria_initial(criteria) -> list[dict]:
    return [
        {
            "id": c.pk,
            "name": c.name,
            "guidance": c.guidance,
            "weight": c.weight,
            "scale_min": c.scale_min,
            "scale_max": c.scale_max,
        }
        for c in criteria
    ]


@require_http_methods(["GET", "POST"])
@edp_permission_required("evaluations.view_criteria")
def criteria(request: HttpRequest, edp) -> HttpResponse:
    """The criteria grid: public to read, editable by coordinators until
    scoring starts."""
    grid = selectors.criteria_for(edp)
    settings = selectors.settings_for(edp)
    can_edit = request.user.has_perm("evaluations.change_criteria", edp)
    formset = None
    error = None
    if can_edit:
        if request.method == "POST":
            formset = CriterionFormSet(request.POST, initial=_criteria_initial(grid), prefix="criteria")
            if formset.is_valid():
                rows = [
                    services.CriterionInput(
                        id=f.cleaned_data.get("id"),
                        name=f.cleaned_data["name"],
                        guidance=f.cleaned_data.get("guidance", ""),
                        weight=f.cleaned_data["weight"],
                        scale_min=f.cleaned_data["scale_min"],
                        scale_max=f.cleaned_data["scale_max"],
                        delete=bool(f.cleaned_data.get("DELETE")),
                    )
                    for f in formset.forms
                    if f.has_changed() or f.cleaned_data.get("id")
                ]
                try:
                    services.criteria_save(actor=request.user, edp=edp, rows=rows)
                except DomainError as exc:
                    error = exc.message
                else:
                    messages.success(request, _("The criteria were saved."))
                    return redirect("evaluations:criteria", slug=edp.slug)
        else:
            formset = CriterionFormSet(initial=_criteria_initial(grid), prefix="criteria")
    elif request.method == "POST":
        # Reading is public; changing is not. Only a coordinator learns why
        # the grid is closed to them (the stage); anyone else is refused
        # like on every other write.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user, edp):
            raise PermissionDenied
        error = _("Criteria cannot be changed in the “%(stage)s” stage.") % {"stage": edp.get_stage_display()}
    status = 400 if (request.method == "POST") else 200
    return render(
        request,
        "evaluations/criteria.html",
        {
            "edp": edp,
            "criteria": grid,
            "total_weight": sum(c.weight for c in grid),
            "settings": settings,
            "formset": formset,
            "error": error,
            "can_edit": can_edit,
        },
        status=status,
    )


@require_POST
@edp_permission_required("evaluations.change_criteria")
def criteria_defaults(request: HttpRequest, edp) -> HttpResponse:
    try:
        services.criteria_add_defaults(actor=request.user, edp=edp)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The six smart-specialisation criteria were added. Adjust them as you need."))
    return redirect("evaluations:criteria", slug=edp.slug)


@require_http_methods(["GET", "POST"])
@edp_permission_required("evaluations.manage_panel")
def evaluation_settings(request: HttpRequest, edp) -> HttpResponse:
    instance = selectors.settings_for(edp)
    form = EvaluationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_settings_update(actor=request.user, edp=edp, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("The evaluation settings were saved."))
            return redirect("evaluations:settings", slug=edp.slug)
    return render(
        request,
        "evaluations/settings.html",
        {"edp": edp, "form": form},
        status=400 if request.method == "POST" else 200,
    )
