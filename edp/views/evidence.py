"""The evidence base: regional assets, SWOT board, region facts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import selectors, services
from ..access import asset_for, edp_for, swot_entry_for
from ..forms import AssetForm, FactForm, FactImportForm, SWOTCurateForm, SWOTForm
from ..models import AssetDimension, SWOTEntry


@require_GET
def asset_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug)
    assets = list(selectors.assets_for(edp))
    by_dimension = [(d, [a for a in assets if a.dimension == d.value]) for d in AssetDimension]
    return render(request, "edp/asset_list.html", {"edp": edp, "by_dimension": by_dimension})


@require_http_methods(["GET", "POST"])
def asset_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    if pk:
        asset = asset_for(request, slug, pk)
        edp = asset.edp
    else:
        asset = None
        edp = edp_for(request, slug, "edp.edit_evidence")
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_save(
                edp=edp, actor=request.user, asset=asset, **{f: form.cleaned_data[f] for f in AssetForm.Meta.fields}
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Asset saved."))
            return redirect("edp:assets", slug=edp.slug)
    return render(request, "edp/asset_form.html", {"edp": edp, "form": form, "asset": asset})


@require_POST
def asset_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    asset = asset_for(request, slug, pk)
    try:
        services.asset_delete(asset=asset, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Asset deleted."))
    return redirect("edp:assets", slug=asset.edp.slug)


@require_http_methods(["GET", "POST"])
def swot_board(request: HttpRequest, slug: str) -> HttpResponse:
    # Everyone reads the board; adding to it is ``edp.contribute_swot``.
    edp = edp_for(request, slug)
    if request.method == "POST":
        access.require(request, "edp.contribute_swot", edp)
    may_contribute = access.can(request, "edp.contribute_swot", edp)
    may_curate = access.can(request, "edp.curate_swot", edp)
    form = SWOTForm(request.POST or None, edp=edp) if may_contribute else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.swot_contribute(edp=edp, author=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(
                request, gettext("Thank you: your entry is on the board, waiting for the coordinator's review.")
            )
            return redirect("edp:swot", slug=edp.slug)
    board = selectors.swot_board(edp, include_all=bool(may_curate))
    quadrants = [(q, board[q.value]) for q in SWOTEntry.Quadrant]
    return render(
        request,
        "edp/swot_board.html",
        {
            "edp": edp,
            "quadrants": quadrants,
            "form": form,
            "curate_form": SWOTCurateForm() if may_curate else None,
        },
    )


@require_POST
def swot_curate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = swot_entry_for(request, slug, pk)
    form = SWOTCurateForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a decision and a quadrant."))
    else:
        try:
            services.swot_curate(entry=entry, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Entry updated."))
    return redirect("edp:swot", slug=entry.edp.slug)


@require_http_methods(["GET", "POST"])
def fact_list(request: HttpRequest, slug: str) -> HttpResponse:
    # Everyone reads the facts; keeping them is ``edp.edit_facts``.
    edp = edp_for(request, slug)
    if request.method == "POST":
        access.require(request, "edp.edit_facts", edp)
    may_edit = access.can(request, "edp.edit_facts", edp)
    form = FactForm(request.POST if "add" in request.POST else None) if may_edit else None
    import_form = FactImportForm(request.POST if "import" in request.POST else None, request.FILES or None)
    result = None
    if request.method == "POST" and "add" in request.POST and form is not None and form.is_valid():
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
            "form": form or FactForm(),
            "import_form": import_form,
            "result": result,
        },
    )
