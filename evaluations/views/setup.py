from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import access
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import selectors, services
from ..access import edp_for
from ..forms import CriterionFormSet, EvaluationSettingsForm


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
def criteria(request: HttpRequest, slug: str) -> HttpResponse:
    """The criteria grid: public to read, editable by coordinators until
    scoring starts."""
    edp = edp_for(request, slug, "evaluations.view_criteria")
    grid = selectors.criteria_for(edp)
    settings = selectors.settings_for(edp)
    change = access.can(request, "evaluations.change_criteria", edp)
    formset = None
    error = None
    if change:
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
        # Reading is public; changing is not. Only those who run the
        # evaluation are shown the grid again with why it is closed to them
        # (frozen, or the stage); anyone else is refused like on every write.
        access.require(request, "evaluations.manage_panel", edp)
        error = change.reason
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
            "change": change,
        },
        status=status,
    )


@require_POST
def criteria_defaults(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.change_criteria")
    try:
        services.criteria_add_defaults(actor=request.user, edp=edp)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The six smart-specialisation criteria were added. Adjust them as you need."))
    return redirect("evaluations:criteria", slug=edp.slug)


@require_http_methods(["GET", "POST"])
def evaluation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "evaluations.manage_panel")
    instance = selectors.settings_for(edp)
    form = EvaluationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_settings_update(actor=request.user, edp=edp, **form.cleaned_data)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            messages.success(request, _("The evaluation settings were saved."))
            return redirect("evaluations:settings", slug=edp.slug)
    return render(
        request,
        "evaluations/settings.html",
        {"edp": edp, "form": form},
        status=400 if request.method == "POST" else 200,
    )
