from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import DomainError
from core.forms import domain_error_to_form

from . import forms, selectors, services
from .access import candidate_for, edp_for, steering_member_for
from .evidence import evidence_for
from .models import CandidatePriority
from .rules import has_steering_vote


def _refused_once_published(request: HttpRequest, obj) -> bool:
    """The forms that change the selection are of no use once the
    priorities are published: say why instead of showing a form that will
    be refused."""
    change = access.can(request, "priorities.change_selection", obj)
    if not change:
        messages.error(request, change.reason)
        return True
    return False


@require_GET
def selection(request: HttpRequest, slug: str) -> HttpResponse:
    """The public priorities page once published; the working page before."""
    edp = edp_for(request, slug)
    selection = selectors.selection_of(edp)
    candidates = selectors.candidates_of(edp)
    can_manage = access.can(request, "priorities.manage_selection", edp)
    decisions = CandidatePriority.lifecycle
    return render(
        request,
        "priorities/selection.html",
        {
            "edp": edp,
            "selection": selection,
            "title": selectors.public_title(edp),
            "selected": [c for c in candidates if decisions.is_in(c, "selected")],
            "not_selected": [c for c in candidates if decisions.is_in(c, "not_selected")],
            "pending": [c for c in candidates if decisions.is_in(c, "pending")],
            "can_manage": can_manage,
            "can_vote": access.can(request, "priorities.vote", edp),
            "steering": list(selectors.steering_committee(edp)) if can_manage else [],
            "specialisations_to_bring_in": selectors.specialisations_without_candidate(edp) if can_manage else 0,
        },
    )


@require_http_methods(["GET", "POST"])
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for(request, pk)
    edp = candidate.edp
    can_manage = access.can(request, "priorities.manage_selection", candidate)
    can_vote = access.can(request, "priorities.vote", candidate)
    own_vote = candidate.votes.filter(voter=request.user).first() if can_vote else None
    decide = CandidatePriority.lifecycle.can(candidate, "select", request.user)
    decision_form = (
        forms.DecisionForm(initial={"decision": candidate.decision, "rationale": candidate.rationale})
        if decide
        else None
    )
    vote_form = (
        forms.VoteForm(initial={"choice": own_vote.choice, "rationale": own_vote.rationale} if own_vote else None)
        if can_vote
        else None
    )
    if request.method == "POST":
        kind = request.POST.get("form")
        if kind == "decision":
            access.require(request, "priorities.manage_selection", candidate)
            decision_form = forms.DecisionForm(request.POST)
            if decision_form.is_valid():
                try:
                    services.candidate_decide(candidate=candidate, actor=request.user, **decision_form.cleaned_data)
                except DomainError as exc:
                    domain_error_to_form(decision_form, exc)
                else:
                    messages.success(request, _("The decision was recorded."))
                    return redirect("priorities:candidate", pk=candidate.pk)
        elif kind == "vote":
            access.require(request, "priorities.vote", candidate)
            vote_form = forms.VoteForm(request.POST)
            if vote_form.is_valid():
                try:
                    services.selection_vote_cast(candidate=candidate, voter=request.user, **vote_form.cleaned_data)
                except DomainError as exc:
                    domain_error_to_form(vote_form, exc)
                else:
                    messages.success(request, _("Your vote was recorded."))
                    return redirect("priorities:candidate", pk=candidate.pk)
        else:
            return HttpResponseBadRequest()
    votes = list(candidate.votes.select_related("voter").order_by("created_at"))
    return render(
        request,
        "priorities/candidate_detail.html",
        {
            "edp": edp,
            "candidate": candidate,
            "evidence": evidence_for(candidate, request.user),
            "votes": votes if access.can(request, "priorities.view_votes", candidate) else [],
            "vote_count": len(votes),
            "decision_form": decision_form,
            # Why the decision or the vote is closed, to those who take part.
            "decision_closed": decide.reason if can_manage else "",
            "vote_closed": can_vote.reason if has_steering_vote(request.user, candidate) else "",
            "vote_form": vote_form,
            "can_edit": access.can(request, "priorities.change_selection", candidate),
            "title": selectors.public_title(edp),
        },
    )


@require_http_methods(["GET", "POST"])
def selection_settings(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "priorities.manage_selection")
    if _refused_once_published(request, edp):
        return redirect("priorities:selection", slug=edp.slug)
    form = forms.SelectionSettingsForm(request.POST or None, instance=selectors.selection_of(edp))
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_settings_update(edp=edp, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("priorities:selection", slug=edp.slug)
    return render(request, "priorities/form.html", {"edp": edp, "form": form, "heading": _("Selection settings")})


@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "priorities.manage_selection")
    if _refused_once_published(request, edp):
        return redirect("priorities:selection", slug=edp.slug)
    form = forms.CandidateForm(request.POST or None, edp=edp)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_priority_create(edp=edp, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            return redirect("priorities:selection", slug=edp.slug)
    return render(request, "priorities/form.html", {"edp": edp, "form": form, "heading": _("Add a candidate priority")})


@require_http_methods(["GET", "POST"])
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for(request, pk, "priorities.manage_selection")
    edp = candidate.edp
    if _refused_once_published(request, candidate):
        return redirect("priorities:candidate", pk=candidate.pk)
    form = forms.CandidateForm(request.POST or None, instance=candidate, edp=edp)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_priority_update(candidate=candidate, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("priorities:candidate", pk=candidate.pk)
    return render(
        request,
        "priorities/form.html",
        {
            "edp": edp,
            "form": form,
            "heading": _("Edit the candidate priority “%(title)s”") % {"title": candidate.title},
            "cancel_url": reverse("priorities:candidate", args=[candidate.pk]),
        },
    )


@require_POST
def candidates_from_specialisations(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "priorities.manage_selection")
    try:
        result = services.candidate_priorities_from_specialisations(edp=edp, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("priorities:selection", slug=edp.slug)
    if result.created or result.linked:
        parts = []
        if result.created:
            parts.append(
                ngettext(
                    "%(n)s candidate specialisation was added as a candidate priority.",
                    "%(n)s candidate specialisations were added as candidate priorities.",
                    result.created,
                )
                % {"n": result.created}
            )
        if result.linked:
            parts.append(
                ngettext(
                    "%(n)s candidate you had added by hand was linked to the specialisation of the same title.",
                    "%(n)s candidates you had added by hand were linked to the specialisations of the same title.",
                    result.linked,
                )
                % {"n": result.linked}
            )
        parts.append(_("Their ideas, scores and consultation stances are now shown as evidence."))
        messages.success(request, " ".join(parts))
    elif result.already:
        messages.info(request, _("Every candidate specialisation is already a candidate priority: nothing to add."))
    else:
        messages.info(
            request, _("The evaluation has no candidate specialisation yet: group shortlisted ideas into one first.")
        )
    return redirect("priorities:selection", slug=edp.slug)


@require_http_methods(["GET", "POST"])
def steering_add(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "priorities.manage_selection")
    form = forms.SteeringCommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.steering_committee_member_add(
                edp=edp,
                user=form.cleaned_data["user"],
                organisation=form.cleaned_data["organisation"],
                has_vote=form.cleaned_data["has_vote"],
                actor=request.user,
            )
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            return redirect("priorities:selection", slug=edp.slug)
    return render(
        request, "priorities/form.html", {"edp": edp, "form": form, "heading": _("Add a steering committee member")}
    )


@require_POST
def steering_remove(request: HttpRequest, slug: str, member_pk: int) -> HttpResponse:
    member = steering_member_for(request, slug, member_pk)
    services.steering_committee_member_remove(member=member, actor=request.user)
    return redirect("priorities:selection", slug=member.edp.slug)


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "priorities.manage_selection")
    try:
        if request.POST.get("withdraw"):
            services.priorities_unpublish(edp=edp, actor=request.user)
            messages.success(request, _("The publication was withdrawn."))
        else:
            services.priorities_publish(edp=edp, actor=request.user)
            messages.success(request, _("The priorities are published."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("priorities:selection", slug=edp.slug)
