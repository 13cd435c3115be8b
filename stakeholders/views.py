from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import DomainError
from core.forms import domain_error_to_form

from . import selectors, services
from .access import join_request_for, organisation_for
from .choices import HELIX_OF_KIND
from .filters import OrganisationFilter
from .forms import DecisionForm, OrganisationRegisterForm, VerificationForm
from .models import Organisation
from .rules import coordinated_region_ids

PAGE_SIZE = 20


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(request.GET or None, queryset=selectors.organisation_directory())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.organisation_directory()
    # The per-helix counts ignore the helix filter: they show where the other
    # helices stand, and are the links to switch helix.
    counts_data = request.GET.copy()
    counts_data.pop("helix", None)
    counts_filter = OrganisationFilter(counts_data or None, queryset=Organisation.objects.all())
    counts_qs = counts_filter.qs if counts_filter.is_bound and counts_filter.is_valid() else Organisation.objects.all()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/directory.html",
        {
            "filter": filterset,
            "page": page,
            "helix_counts": selectors.helix_counts(counts_qs),
            "kinds_by_helix": HELIX_OF_KIND,
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk)
    context = {
        "organisation": organisation,
        "own_membership": selectors.own_membership(organisation, request.user),
    }
    # Lists only those who may see them are given (the page asks the same rules).
    if access.can(request, "stakeholders.view_members", organisation):
        context["members"] = selectors.organisation_members(organisation)
    if access.can(request, "stakeholders.decide_membership", organisation):
        context["pending"] = selectors.organisation_pending_requests(organisation)
    return render(request, "stakeholders/detail.html", context)


def _save_organisation_form(form: OrganisationRegisterForm, save) -> tuple[Organisation | None, Organisation | None]:
    """Runs ``save(**cleaned_data)`` (a registry service) and turns its
    refusals into errors next to the right field. Returns the saved
    organisation, or the duplicate it clashed with."""
    try:
        return save(**form.cleaned_data), None
    except services.DuplicateOrganisation as exc:
        domain_error_to_form(form, exc)
        return None, exc.existing
    except DomainError as exc:
        domain_error_to_form(form, exc)
    except ValidationError as exc:
        form.add_error(None, exc)
    return None, None


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    access.require(request, "stakeholders.add_organisation")
    form = OrganisationRegisterForm(request.POST or None, initial={"region": request.user.region_id})
    duplicate = None
    if request.method == "POST" and form.is_valid():
        organisation, duplicate = _save_organisation_form(
            form, lambda **data: services.organisation_register(creator=request.user, **data)
        )
        if organisation is not None:
            messages.success(
                request,
                _(
                    "%(org)s is registered and you are its representative. Platform staff will verify it; "
                    "until then it is marked as not verified."
                )
                % {"org": organisation.name},
            )
            return redirect("stakeholders:detail", pk=organisation.pk)
    return render(request, "stakeholders/register.html", {"form": form, "duplicate": duplicate})


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "stakeholders.change_organisation")
    initial = {f: getattr(organisation, f) for f in OrganisationRegisterForm.base_fields if f != "region"}
    initial["region"] = organisation.region_id
    form = OrganisationRegisterForm(request.POST or None, initial=initial)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        was_verified = organisation.is_verified
        saved, duplicate = _save_organisation_form(
            form, lambda **data: services.organisation_update(actor=request.user, organisation=organisation, **data)
        )
        if saved is not None:
            messages.success(request, _("The details of %(org)s were saved.") % {"org": saved.name})
            if was_verified and not saved.is_verified:
                messages.warning(
                    request,
                    _("You changed what identifies the organisation, so platform staff will verify it again."),
                )
            return redirect("stakeholders:detail", pk=saved.pk)
    return render(
        request,
        "stakeholders/register.html",
        {"form": form, "duplicate": duplicate, "organisation": organisation},
    )


@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "stakeholders.request_membership")
    try:
        services.membership_request(user=request.user, organisation=organisation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your request to join %(org)s was sent. A representative of the organisation will decide.")
            % {"org": organisation.name},
        )
    return redirect("stakeholders:detail", pk=organisation.pk)


@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "stakeholders.leave_organisation")
    try:
        services.membership_leave(user=request.user, organisation=organisation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You left %(org)s.") % {"org": organisation.name})
    return redirect("stakeholders:detail", pk=organisation.pk)


@require_POST
def decide(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    # Scoped by the organisation in the URL: a request id from another
    # organisation is simply not found here.
    membership = join_request_for(request, pk, membership_id)
    organisation = membership.organisation
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline the request."))
        return redirect("stakeholders:detail", pk=organisation.pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.membership_decide(actor=request.user, membership=membership, approve=approve)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        name = membership.user.public_name
        if approve:
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        else:
            messages.info(request, _("The request of %(name)s was declined.") % {"name": name})
    # Representatives decide from their "My organisations" page too.
    if request.POST.get("next_page") == "mine":
        return redirect("stakeholders:mine")
    return redirect("stakeholders:detail", pk=organisation.pk)


@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "stakeholders.verify_organisation")
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to verify the organisation or refuse verification."))
        return redirect("stakeholders:detail", pk=organisation.pk)
    verified = form.cleaned_data["decision"] == "verify"
    try:
        services.organisation_verify(actor=request.user, organisation=organisation, verified=verified)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("stakeholders:detail", pk=organisation.pk)
    if verified:
        messages.success(request, _("%(org)s is verified.") % {"org": organisation.name})
    else:
        messages.info(request, _("Verification of %(org)s was refused.") % {"org": organisation.name})
    return redirect("stakeholders:detail", pk=organisation.pk)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    context = {
        "memberships": selectors.user_memberships(request.user),
        "pending": selectors.pending_requests_for_representative(request.user),
    }
    if access.can(request, "stakeholders.verify_organisation"):
        context["awaiting_verification"] = selectors.organisations_awaiting_verification()[:50]
    elif regions := coordinated_region_ids(request.user):
        context["awaiting_verification"] = selectors.organisations_awaiting_verification(region_ids=regions)[:50]
    return render(request, "stakeholders/mine.html", context)
