"""The council's public page, its setup, members, interests and followers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access as core_access
from core.errors import DomainError
from core.forms import domain_error_to_form
from stakeholders.models import Region
from stakeholders.rules import coordinated_region_ids

from .. import access, selectors, services
from ..forms import AppointForm, ConflictForm, CouncilCreateForm, CouncilForm, LeaveForm, TermForm
from ..models import CouncilFollower


@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.council_list(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "councils/council_list.html",
        {"page": page, "can_add": core_access.can(request, "councils.add_council")},
    )


@require_GET
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug)
    term = selectors.term_current(council)
    members = selectors.members_of(term)
    internal = bool(core_access.can(request, "councils.view_internal", council))
    meetings = selectors.meetings_of(council)
    user = request.user
    return render(
        request,
        "councils/council_detail.html",
        {
            "council": council,
            "term": term,
            "terms": list(council.terms.all()),
            "members": members,
            "composition": selectors.composition_of(council, members),
            "former": selectors.former_members(council)[:20],
            "upcoming": selectors.upcoming(meetings)[:10],
            "past": selectors.past(meetings)[:10],
            "calls": selectors.calls_of(council, include_unpublished=internal),
            "opinions": selectors.opinions_of(council, include_unpublished=internal)[:20],
            "following": user.is_authenticated and CouncilFollower.objects.filter(council=council, user=user).exists(),
            "conflict_form": ConflictForm(council=council),
        },
    )


def _region_choices(request):
    if request.user.is_staff:
        return Region.objects.all()
    return Region.objects.filter(pk__in=coordinated_region_ids(request.user))


def _council_values(form) -> dict:
    values = {name: form.cleaned_data[name] for name in CouncilForm.Meta.fields}
    values["secretary"] = form.cleaned_data["secretary"]
    return values


@require_http_methods(["GET", "POST"])
def council_create(request: HttpRequest) -> HttpResponse:
    core_access.require(request, "councils.add_council")
    form = CouncilCreateForm(request.POST or None, regions=_region_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(
                actor=request.user,
                region=form.cleaned_data["region"],
                slug=form.cleaned_data["slug"],
                term_starts_on=form.cleaned_data["term_starts_on"],
                term_ends_on=form.cleaned_data["term_ends_on"],
                **_council_values(form),
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The council is set up."))
            return redirect(council.get_absolute_url())
    return render(request, "councils/council_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.change_council")
    form = CouncilForm(request.POST or None, instance=council, region=council.region)
    term_form = TermForm(prefix="term")
    if request.method == "POST" and form.is_valid():
        try:
            services.council_update(council=council, actor=request.user, **_council_values(form))
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The council's settings are saved."))
            return redirect(council.get_absolute_url())
    return render(request, "councils/council_form.html", {"form": form, "council": council, "term_form": term_form})


@require_POST
def term_add(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.change_council")
    form = TermForm(request.POST, prefix="term")
    if form.is_valid():
        try:
            services.term_add(council=council, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The term is added."))
    else:
        messages.error(request, gettext("Give the dates the term starts and ends."))
    return redirect("councils:edit", slug=council.slug)


@require_http_methods(["GET", "POST"])
def members_manage(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.manage_members")
    term = selectors.term_current(council)
    form = AppointForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_appoint(
                council=council,
                actor=request.user,
                user=data["person"],
                organisation=data["organisation"],
                helix=data["helix"] or None,
                role=data["role"],
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(
                request, gettext("%(name)s now sits on the council.") % {"name": data["person"].public_name}
            )
            return redirect("councils:members", slug=council.slug)
    members = selectors.members_of(term)
    return render(
        request,
        "councils/members.html",
        {
            "council": council,
            "term": term,
            "members": members,
            "composition": selectors.composition_of(council, members),
            "form": form,
            "leave_form": LeaveForm(),
        },
    )


@require_POST
def member_leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    member = access.member_for(request, slug, pk, "councils.end_seat")
    form = LeaveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.member_leave(member=member, actor=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("The seat has ended; it stays kept for its side of the council."))
    if request.user.pk == member.user_id and not core_access.can(request, "councils.manage_members", member.council):
        return redirect(member.council.get_absolute_url())
    return redirect("councils:members", slug=slug)


@require_POST
def conflict_declare(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.declare_conflict")
    form = ConflictForm(request.POST, council=council)
    if form.is_valid():
        try:
            services.conflict_declare(
                council=council,
                actor=request.user,
                interest=form.cleaned_data["interest"],
                agenda_item=form.cleaned_data["agenda_item"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Your interest is declared and shown publicly."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(council.get_absolute_url())


@require_POST
def council_follow(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.follow")
    follow = request.POST.get("follow") == "1"
    services.council_follow(council=council, user=request.user, follow=follow)
    messages.success(
        request,
        gettext("You follow this council: you will hear about its agendas, opinions and answers.")
        if follow
        else gettext("You no longer follow this council."),
    )
    return redirect(council.get_absolute_url())
