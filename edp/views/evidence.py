"""The evidence base: regional assets, SWOT board, region facts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError

from .. import selectors, services
from ..forms import AssetForm, FactForm, FactImportForm, SWOTCurateForm, SWOTForm
from ..models import AssetDimension, RegionalAsset, SWOTEntry
from ._common import deny, form_error, get_edp, needs


@require_GET
def asset_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = get_edp(request, slug)
    assets = list(selectors.assets_for(edp))
    by_dimension = [(d, [a for a in assets if a.dimension == d.value]) for d in AssetDimension]
    return render(
        request,
        "edp/asset_list.html",
        {"edp": edp, "by_dimension": by_dimension, "can_edit": request.user.has_perm("edp.edit_evidence", edp)},
    )


@require_http_methods(["GET", "POST"])
@needs("edp.edit_evidence")
def asset_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    edp = get_edp(request, slug)
    asset = get_object_or_404(RegionalAsset, pk=pk, edp=edp) if pk else None
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_save(
                edp=edp, actor=request.user, asset=asset, **{f: form.cleaned_data[f] for f in AssetForm.Meta.fields}
            )
        except DomainError as error:
            form_error(request, form, error)
        else:
            messages.success(request, gettext("Asset saved."))
            return redirect("edp:assets", slug=edp.slug)
    return render(request, "edp/asset_form.html", {"edp": edp, "form": form, "asset": asset})


@require_POST
@needs("edp.edit_evidence")
def asset_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edp = get_edp(request, slug)
    asset = get_object_or_404(RegionalAsset, pk=pk, edp=edp)
    try:
        services.asset_delete(asset=asset, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Asset deleted."))
    return redirect("edp:assets", slug=edp.slug)


@require_http_methods(["GET", "POST"])
def swot_board(request: HttpRequest, slug: str) -> HttpResponse:
    edp = get_edp(request, slug)
    can_contribute = request.user.has_perm("edp.contribute_swot", edp)
    can_curate = request.user.has_perm("edp.curate_swot", edp)
    form = SWOTForm(request.POST or None, edp=edp) if can_contribute else None
    if request.method == "POST":
        if form is None:
            return deny(request)
        if form.is_valid():
            try:
                services.swot_contribute(edp=edp, author=request.user, **form.cleaned_data)
            except DomainError as error:
                form_error(request, form, error)
            else:
                messages.success(
                    request, gettext("Thank you: your entry is on the board, waiting for the coordinator's review.")
                )
                return redirect("edp:swot", slug=edp.slug)
    board = selectors.swot_board(edp, include_all=can_curate)
    quadrants = [(q, board[q.value]) for q in SWOTEntry.Quadrant]
    return render(
        request,
        "edp/swot_board.html",
        {
            "edp": edp,
            "quadrants": quadrants,
            "form": form,
            "can_curate": can_curate,
            "curate_form": SWOTCurateForm() if can_curate else None,
        },
    )


@require_POST
@needs("edp.curate_swot")
def swot_curate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    edp = get_edp(request, slug)
    entry = get_object_or_404(SWOTEntry, pk=pk, edp=edp)
    form = SWOTCurateForm(request.POST)
    if form.is_valid():
        services.swot_curate(entry=entry, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("Entry updated."))
    else:
        messages.error(request, gettext("Choose a decision and a quadrant."))
    return redirect("edp:swot", slug=edp.slug)


@require_http_methods(["GET", "POST"])
def fact_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = get_edp(request, slug)
    can_edit = request.user.has_perm("edp.edit_facts", edp)
    if request.method == "POST" and not can_edit:
        return deny(request)
    form = FactForm(request.POST if "add" in request.POST else None) if can_edit else None
    import_form = FactImportForm(request.POST if "import" in request.POST else None, request.FILES or None)
    result = None
    if request.method == "POST" and "add" in request.POST and form.is_valid():
        services.fact_save(region=edp.region, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("Fact saved."))
        return redirect("edp:facts", slug=edp.slug)
    if request.method == "POST" and "import" in request.POST and import_form.is_valid():
        result = services.facts_import_csv(
            region=edp.region, actor=request.user, data=import_form.cleaned_data["file"].read()
        )
        if result.ok:
            messages.success(
                request,
                gettext("Imported: %(created)s new facts, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("edp:facts", slug=edp.slug)
    return render(
        request,
        "edp/fact_list.html",
        {
            "edp": edp,
            "facts": selectors.facts_for(edp.region),
            "can_edit": can_edit,
            "form": form or FactForm(),
            "import_form": import_form,
            "result": result,
        },
    )
