"""Selection by lot: the call, volunteering, the commission and its quotas,
the public value, the draw and its public record."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access as core_access
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import access, selectors, services
from ..choices import QuotaFeature
from ..forms import CallForm, CommissionSeatForm, PublicValueForm, QuotaForm, VolunteerForm
from ..models import Volunteer
from ..services.selection import feature_values, pool_of, quotas_of, vacancy

# A draw that has not finished after this long may be started again (a worker died, Redis was down).
STALE_DRAW_SECONDS = 120


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.manage_call")
    form = CallForm(request.POST or None, council=council, initial={"term": selectors.term_current(council)})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(council=council, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(
                request, gettext("The call is prepared. Open it when it is ready: its commitment is then published.")
            )
            return redirect(call.get_absolute_url())
    return render(request, "councils/call_form.html", {"council": council, "form": form})


@require_GET
def call_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk)
    council = call.council
    draw = selectors.draw_of(call) if call.status == call.Status.DRAWN else None
    volunteer = selectors.volunteer_of(call, request.user)
    may_volunteer = core_access.can(request, "councils.volunteer", call)
    stale = bool(
        call.status == call.Status.DRAWING
        and call.draw_started_at
        and (timezone.now() - call.draw_started_at).total_seconds() > STALE_DRAW_SECONDS
    )
    context = {
        "council": council,
        "call": call,
        "draw": draw,
        "seated": selectors.seated_by_draw(draw) if draw else [],
        "volunteer": volunteer if volunteer and volunteer.status == Volunteer.Status.ACTIVE else None,
        "may_volunteer": may_volunteer,
        "volunteer_form": VolunteerForm(call=call, user=request.user)
        if may_volunteer and request.user.is_authenticated
        else None,
        "commission": list(call.commission.all()),
        "quotas": _quota_table(call),
        "value_form": PublicValueForm(),
        "stale_draw": stale,
        "vacancy": vacancy(draw) if draw else None,
    }
    return render(request, "councils/call_detail.html", context)


def _quota_table(call) -> list[tuple[str, list[tuple[str, int, int]]]]:
    quotas = quotas_of(call)
    labels = dict(QuotaFeature.choices)
    table = []
    for feature, values in quotas.items():
        names = dict(feature_values(call, feature))
        table.append((labels[feature], [(names.get(v, v), b[0], b[1]) for v, b in values.items()]))
    return table


@require_POST
def call_transition(request: HttpRequest, slug: str, pk: int, transition: str) -> HttpResponse:
    """Open, close (freeze the pool) or cancel a call."""
    actions = {"open": services.call_open, "close": services.call_close, "cancel": services.call_cancel}
    if transition not in actions:
        raise Http404
    call = access.call_for(request, slug, pk, "councils.manage_call")
    try:
        actions[transition](call=call, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = {
            "open": gettext("The call is open; its commitment and the source of the public value are published."),
            "close": gettext("The call is closed and its pool is frozen and published."),
            "cancel": gettext("The call is cancelled."),
        }
        messages.success(request, done[transition])
    return redirect(call.get_absolute_url())


@require_http_methods(["GET", "POST"])
def volunteer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk, "councils.volunteer")
    form = VolunteerForm(request.POST or None, call=call, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_apply(call=call, user=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(
                request,
                gettext("You are in the pool. When the call closes you get a pseudonym; the draw is published here."),
            )
            return redirect(call.get_absolute_url())
    return render(request, "councils/volunteer_form.html", {"council": call.council, "call": call, "form": form})


@require_POST
def volunteer_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk)
    entry = selectors.volunteer_of(call, request.user)
    if entry is None:
        core_access.refuse(request, gettext("You have not volunteered for this call."))
    try:
        services.volunteer_withdraw(volunteer=entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("You have left the pool."))
    return redirect(call.get_absolute_url())


@require_http_methods(["GET", "POST"])
def commission(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk, "councils.manage_commission")
    form = CommissionSeatForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commission_seat_add(
                call=call,
                actor=request.user,
                user=data["person"],
                organisation=data["organisation"],
                helix=data["helix"] or None,
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(
                request, gettext("%(name)s sits on the selection commission.") % {"name": data["person"].public_name}
            )
            return redirect("councils:commission", slug=slug, pk=pk)
    return render(
        request,
        "councils/commission.html",
        {"council": call.council, "call": call, "form": form, "seats": list(call.commission.all())},
    )


@require_POST
def commission_remove(request: HttpRequest, slug: str, pk: int, seat_pk: int) -> HttpResponse:
    seat = access.commission_seat_for(request, slug, pk, seat_pk, "councils.manage_commission")
    services.commission_seat_remove(seat=seat, actor=request.user)
    messages.success(request, gettext("The seat on the commission is removed."))
    return redirect("councils:commission", slug=slug, pk=pk)


@require_http_methods(["GET", "POST"])
def quotas(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk, "councils.set_quotas")
    rows = [(f, value, label) for f in QuotaFeature.values for value, label in feature_values(call, f)]
    current = {(q.feature, q.value): (q.minimum, q.maximum) for q in call.quotas.all()}
    form = QuotaForm(request.POST or None, rows=rows, seats=call.seats_to_fill, initial_values=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.quotas_set(call=call, actor=request.user, rows=form.quota_rows())
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The quotas are set."))
            return redirect(call.get_absolute_url())
    return render(
        request,
        "councils/quotas.html",
        {"council": call.council, "call": call, "form": form, "pool_size": call.pool_size},
    )


@require_POST
def public_value(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk, "councils.record_public_value")
    form = PublicValueForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Enter the public value as published by its source."))
    else:
        try:
            services.public_value_record(call=call, actor=request.user, value=form.cleaned_data["value"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The public value is recorded; the quotas are fixed. The draw can run."))
    return redirect(call.get_absolute_url())


@require_POST
def draw_start(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk, "councils.run_draw")
    try:
        call = services.draw_start(call=call, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        call.refresh_from_db()
        if call.status == call.Status.DRAWN:
            messages.success(request, gettext("The draw is published and the panel is seated."))
        elif call.draw_error:
            messages.error(request, call.draw_error)
        else:
            messages.info(request, gettext("The draw is running; this page shows it once published."))
    return redirect(call.get_absolute_url())


@require_GET
def pool(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = access.call_for(request, slug, pk)
    if not call.lifecycle.is_in(call, "pool_frozen"):
        core_access.refuse(request, gettext("The pool is published when the call closes."))
    people = pool_of(call)
    districts = dict(feature_values(call, QuotaFeature.DISTRICT))
    if request.GET.get("format") == "json":
        return JsonResponse({"digest": call.pool_digest, "people": people, "labels": {"district": districts}})
    labels = {f: dict(feature_values(call, f)) for f in QuotaFeature.values}
    rows = [{"id": p["id"], **{f: labels[f].get(p[f], p[f]) for f in QuotaFeature.values}} for p in people]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "councils/pool.html", {"council": call.council, "call": call, "page": page})


@require_GET
def draw_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    draw = access.draw_for(request, slug, pk)
    response = HttpResponse(
        json.dumps(draw.record, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.call_id}.json"'
    return response


@require_POST
def vacancy_fill(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    draw = access.draw_for(request, slug, pk, "councils.fill_vacancy")
    try:
        member = services.vacancy_fill(draw=draw, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("The empty seat is filled by %(name)s, drawn from the alternates.")
            % {"name": member.user.public_name},
        )
    return redirect(draw.call.get_absolute_url())
