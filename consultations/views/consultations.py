from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import can
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import access, selectors, services, sources
from ..forms import CloseEarlyForm, ConsultationCreateForm, ConsultationForm, HearingAttachForm, ItemForm
from ..models import Consultation, ConsultationState, Stance


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in ConsultationState.values:
        state = ""
    edp = access.edp_for(request, request.GET["edp"]) if request.GET.get("edp") else None
    page = Paginator(selectors.consultation_list(edp=edp, state=state or None), 20).get_page(request.GET.get("page"))
    can_add = edp is not None and can(request, "consultations.add_consultation", edp)
    return render(
        request,
        "consultations/consultation_list.html",
        {"page": page, "state": state, "states": ConsultationState.choices, "edp": edp, "can_add": can_add},
    )


@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk)
    items = selectors.consultation_items(consultation)
    labels = dict(Stance.Position.choices)
    mine = selectors.user_stances(request.user, items)
    for item in items:
        item.my_stance = labels.get(mine.get(item.pk, ""), "")
    can_change = can(request, "consultations.change_consultation", consultation)
    change_items = can(request, "consultations.change_item", consultation)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "items": items,
            "answer_total": selectors.answer_count(consultation),
            "can_change": can_change,
            "can_change_items": change_items,
            # The coordinators are told why the items no longer change.
            "item_edit_refusal": (
                change_items.reason
                if not change_items and can(request, "consultations.manage_consultation", consultation)
                else ""
            ),
            "can_moderate": can(request, "consultations.moderate", consultation),
            "can_view_log": can(request, "consultations.view_moderation_log", consultation),
            "can_answer": can(request, "consultations.answer_comments", consultation),
            "can_view_report": can(request, "consultations.view_report", consultation),
            "close_form": (
                CloseEarlyForm() if Consultation.lifecycle.can(consultation, "close_early", request.user) else None
            ),
            "hearings": selectors.hearings_of(consultation),
            "hearing_form": (
                HearingAttachForm(meetings=selectors.attachable_hearings(consultation)) if can_change else None
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, edp_slug: str) -> HttpResponse:
    edp = access.edp_for(request, edp_slug, "consultations.add_consultation")
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
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The consultation has been created."))
            return redirect(consultation)
    return render(request, "consultations/consultation_form.html", {"form": form, "edp": edp, "creating": True})


@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk, "consultations.change_consultation")
    form = ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_update(consultation=consultation, actor=request.user, **data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The consultation has been updated."))
            return redirect(consultation)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "edp": consultation.edp, "consultation": consultation},
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator edits an item's title, text and position, while the
    consultation is scheduled; afterwards the page says why not."""
    item = access.item_to_edit(request, pk)
    consultation = item.consultation
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                item=item, actor=request.user, title=data["title"], body=data["body"], position=data["position"]
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The item has been updated."))
            return redirect(consultation)
    return render(
        request,
        "consultations/item_form.html",
        {"form": form, "item": item, "consultation": consultation, "history": selectors.item_history(item)},
    )


@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk, "consultations.change_consultation")
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


@require_POST
def hearing_attach(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk, "consultations.change_consultation")
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


@require_POST
def hearing_detach(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.hearing_link_for(request, pk)
    try:
        services.hearing_detach(link=link, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The hearing is no longer attached."))
    return redirect(link.consultation)
