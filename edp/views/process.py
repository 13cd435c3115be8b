"""The EDP itself: list, page, creation, settings, stages, roles, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import selectors, services
from ..access import edp_for, invitation_by_token, invitation_for, role_for
from ..forms import EDPCreateForm, EDPSettingsForm, InvitationForm, ReopenForm, StagePlanForm, TransitionForm
from ..models import AssetDimension
from ..workflow import STAGE_ORDER, Stage, call_for_ideas, next_stage, stage_index


@require_GET
def edp_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.edp_list(), 20).get_page(request.GET.get("page"))
    return render(request, "edp/edp_list.html", {"page": page})


@require_GET
def edp_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug)
    may_move = access.can(request, "edp.transition_edp", edp)
    participation = selectors.participation_by_helix(edp)
    assets_by_dimension = edp.assets.values("dimension").annotate(
        n=Count("id"), immobile=Count("id", filter=Q(is_immobile=True))
    )
    next_s = next_stage(edp.stage)
    context = {
        "edp": edp,
        "stages": selectors.edp_stages(edp),
        "current_index": stage_index(edp.stage),
        "timeline": selectors.edp_timeline(edp),
        "participation": participation,
        "participation_total": sum(s.count for s in participation),
        "participation_chart": {
            "labels": [s.label for s in participation],
            "values": [s.count for s in participation],
            "label": gettext("People present"),
        },
        "dimensions": AssetDimension.choices,
        "underrepresented": [s for s in participation if s.under]
        if access.can(request, "edp.view_participation", edp)
        else [],
        "assets_by_dimension": {row["dimension"]: row for row in assets_by_dimension},
        "upcoming_meetings": selectors.upcoming_meetings(edp),
        "idea_count": selectors.submitted_idea_count(edp),
        "call": call_for_ideas(edp),
        "next_stage": next_s,
        "refusals": services.edp_transition_refusals(edp, next_s) if next_s and may_move else [],
        "transition_form": TransitionForm(initial={"to_stage": next_s}) if next_s else None,
        "reopen_form": ReopenForm(),
        # The stages a coordinator may reopen: those before the current one.
        "earlier_stages": [Stage(s) for s in STAGE_ORDER[: stage_index(edp.stage)]],
    }
    return render(request, "edp/edp_detail.html", context)


@require_http_methods(["GET", "POST"])
def edp_create(request: HttpRequest) -> HttpResponse:
    access.require(request, "edp.add_edp")
    form = EDPCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            edp = services.edp_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The process is created, in preparation. Plan its stages next."))
            return redirect("edp:settings", slug=edp.slug)
    return render(request, "edp/edp_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def edp_settings(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "edp.change_edp")
    stages = selectors.edp_stages(edp)
    form = EDPSettingsForm(request.POST or None, instance=edp, prefix="edp")
    plan_forms = [
        (
            row,
            StagePlanForm(
                request.POST or None,
                prefix=f"stage-{row.stage}",
                initial={"planned_start": row.planned_start, "planned_end": row.planned_end},
            ),
        )
        for row in stages
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for _row, f in plan_forms):
        try:
            services.edp_update(
                edp=edp, actor=request.user, **{k: form.cleaned_data[k] for k in EDPSettingsForm.Meta.fields}
            )
            for row, plan in plan_forms:
                services.edp_stage_plan(edp=edp, actor=request.user, stage=row.stage, **plan.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Settings saved."))
            return redirect("edp:detail", slug=edp.slug)
    return render(request, "edp/edp_settings.html", {"edp": edp, "form": form, "plan_forms": plan_forms})


@require_POST
def edp_stage(request: HttpRequest, slug: str) -> HttpResponse:
    """Move forward (``action=advance``) or reopen an earlier stage."""
    edp = edp_for(request, slug, "edp.transition_edp")
    reopening = request.POST.get("action") == "reopen"
    form = ReopenForm(request.POST) if reopening else TransitionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("edp:detail", slug=edp.slug)
    try:
        service = services.edp_reopen if reopening else services.edp_transition
        service(edp=edp, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        edp.refresh_from_db()
        messages.success(
            request, gettext("The process is now in the stage “%(stage)s”.") % {"stage": edp.get_stage_display()}
        )
    return redirect("edp:detail", slug=edp.slug)


@require_http_methods(["GET", "POST"])
def edp_roles(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "edp.manage_roles")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(edp=edp, invited_by=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("edp:roles", slug=edp.slug)
    context = {
        "edp": edp,
        "form": form,
        "roles": selectors.edp_roles(edp),
        "invitations": selectors.edp_pending_invitations(edp),
    }
    return render(request, "edp/edp_roles.html", context)


@require_POST
def edp_role_revoke(request: HttpRequest, slug: str, role_pk: int) -> HttpResponse:
    role = role_for(request, slug, role_pk)
    edp = role.edp
    try:
        services.role_revoke(role=role, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Role removed."))
    return redirect("edp:roles", slug=edp.slug)


@require_POST
def edp_invitation_revoke(request: HttpRequest, slug: str, invitation_pk: int) -> HttpResponse:
    invitation = invitation_for(request, slug, invitation_pk)
    edp = invitation.edp
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Invitation withdrawn."))
    return redirect("edp:roles", slug=edp.slug)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. Anonymous visitors are sent to sign in or sign up and
    come back here afterwards (``next`` survives allauth's sign-up and email
    confirmation), so the link keeps working through registration."""
    invitation = invitation_by_token(request, token)
    if not request.user.is_authenticated:
        if request.method == "POST":
            access.require(request, "edp.accept_invitation", invitation)
        return render(request, "edp/invitation.html", {"invitation": invitation, "next": request.get_full_path()})
    decision = access.can(request, "edp.accept_invitation", invitation)
    refusal = decision.reason or None
    if request.method == "POST" and decision:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except DomainError as error:
            refusal = error.message
        else:
            messages.success(
                request,
                gettext("You are now %(role)s in “%(edp)s”.")
                % {"role": invitation.get_role_display().lower(), "edp": invitation.edp.title},
            )
            return redirect("edp:detail", slug=invitation.edp.slug)
    return render(request, "edp/invitation.html", {"invitation": invitation, "refusal": refusal})
