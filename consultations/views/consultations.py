from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from edp.models import EDP
from edp.rules import is_coordinator

from .. import selectors, services, sources
from ..forms import CloseEarlyForm, ConsultationCreateForm, ConsultationForm, HearingAttachForm, ItemForm
from ..models import ConsultationState, HearingLink, Stance
from ..services.participation import window_message
from ._common import get_or_404, require_perm


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in ConsultationState.values:
        state = ""
    edp = None
    if request.GET.get("edp"):
        edp = get_object_or_404(EDP, slug=request.GET["edp"])
    page = Paginator(selectors.consultation_list(edp=edp, state=state or None), 20).get_page(request.GET.get("page"))
    can_add = edp is not None and request.user.has_perm("consultations.add_consultation", edp)
    return render(
        request,
        "consultations/consultation_list.html",
        {"page": page, "state": state, "states": ConsultationState.choices, "edp": edp, "can_add": can_add},
    )


@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    items = selectors.consultation_items(consultation)
    user = request.user
    labels = dict(Stance.Position.choices)
    mine = selectors.user_stances(user, items)
    for item in items:
        item.my_stance = labels.get(mine.get(item.pk, ""), "")
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "items": items,
            "window_message": window_message(consultation),
            "answer_total": consultation.answers.count(),
            "can_change": user.has_perm("consultations.change_consultation", consultation),
            "can_change_items": user.has_perm("consultations.change_item", consultation),
            "item_edit_refusal": (
                services.item_edit_refusal(consultation) if is_coordinator(user, consultation) else None
            ),
            "can_moderate": user.has_perm("consultations.moderate", consultation),
            "can_view_log": user.has_perm("consultations.view_moderation_log", consultation),
            "can_answer": user.has_perm("consultations.answer_comments", consultation),
            "can_view_report": user.has_perm("consultations.view_report", consultation),
            "can_publish": user.has_perm("consultations.publish_report", consultation),
            "close_form": CloseEarlyForm() if consultation.is_open else None,
            "hearings": selectors.hearings_of(consultation),
            "hearing_form": (
                HearingAttachForm(meetings=selectors.attachable_hearings(consultation))
                if user.has_perm("consultations.change_consultation", consultation)
                else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, edp_slug: str) -> HttpResponse:
    edp = get_object_or_404(EDP, slug=edp_slug)
    require_perm(
        request,
        "consultations.add_consultation",
        edp,
        _("Only coordinators of this process can open a consultation, from the public consultation stage on."),
    )
    choices = sources.choices_for(edp)
    form = ConsultationCreateForm(request.POST or None, source_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        specs = [services.ItemSpec(title=t, body=b) for t, b in data["items"]]
        specs = sources.resolve(edp, data.get("sources") or []) + specs
        try:
            consultation = services.consultation_create(
                edp=edp,
                actor=request.user,
                title=data["title"],
                introduction=data["introduction"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                flag_threshold=data["flag_threshold"],
                items=specs,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The consultation has been created."))
            return redirect(consultation)
    return render(request, "consultations/consultation_form.html", {"form": form, "edp": edp, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(
        request,
        "consultations.change_consultation",
        consultation,
        _("Only coordinators of this process can change this consultation."),
    )
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_update(consultation=consultation, actor=request.user, **data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The consultation has been updated."))
            return redirect(consultation)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "edp": consultation.edp, "consultation": consultation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator edits an item's title, text and position, while the
    consultation is scheduled; afterwards the page says why not."""
    item = get_or_404(selectors.item_get, pk)
    consultation = item.consultation
    refusal = services.item_edit_refusal(consultation)
    if not is_coordinator(request.user, consultation):
        refusal = _("Only coordinators of this process can edit its items.")
    require_perm(request, "consultations.change_item", item, refusal)
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                item=item, actor=request.user, title=data["title"], body=data["body"], position=data["position"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The item has been updated."))
            return redirect(consultation)
    return render(
        request,
        "consultations/item_form.html",
        {"form": form, "item": item, "consultation": consultation, "history": selectors.item_history(item)},
    )


@login_required
@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(
        request,
        "consultations.change_consultation",
        consultation,
        _("Only coordinators of this process can close this consultation."),
    )
    form = CloseEarlyForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_close_early(
                consultation=consultation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The consultation is closed."))
    else:
        messages.error(request, _("Say why the consultation closes early: participants will read it."))
    return redirect(consultation)


@login_required
@require_POST
def hearing_attach(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(
        request,
        "consultations.change_consultation",
        consultation,
        _("Only coordinators of this process can attach hearings."),
    )
    # The choice is limited to this EDP's hearings: a forged id is just invalid.
    form = HearingAttachForm(request.POST, meetings=selectors.attachable_hearings(consultation))
    if form.is_valid():
        try:
            services.hearing_attach(consultation=consultation, actor=request.user, meeting=form.cleaned_data["meeting"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The hearing is attached; its minutes join the consultation record."))
    else:
        messages.error(request, _("Choose a public hearing of this process."))
    return redirect(consultation)


@login_required
@require_POST
def hearing_detach(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(HearingLink.objects.select_related("consultation__edp"), pk=pk)
    require_perm(
        request,
        "consultations.change_consultation",
        link.consultation,
        _("Only coordinators of this process can detach hearings."),
    )
    services.hearing_detach(link=link, actor=request.user)
    messages.success(request, _("The hearing is no longer attached."))
    return redirect(link.consultation)
