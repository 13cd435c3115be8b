"""Opinions of a council on drafts, and the answers to their recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access as core_access
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import access, services, subjects
from ..forms import OpinionForm, OpinionRequestForm, RecommendationAnswerForm


@require_http_methods(["GET", "POST"])
def opinion_request(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.council_for(request, slug, "councils.request_opinion")
    form = OpinionRequestForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.opinion_request(council=council, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The council is asked for its opinion; its members are told."))
            return redirect(opinion.get_absolute_url())
    return render(request, "councils/opinion_request.html", {"council": council, "form": form})


@require_http_methods(["GET", "POST"])
def opinion_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    # Another council's opinion is not found here (404) before anyone is refused.
    opinion = access.opinion_for(request, slug, pk, perm=None) if pk else None
    council = access.council_for(request, slug, "councils.write_opinion")
    initial = {}
    if opinion is not None:
        initial = {
            "position": opinion.position,
            "text": opinion.text,
            "meeting": opinion.meeting_id,
            "recommendations": "\n".join(r.text for r in opinion.recommendations.all()),
        }
    form = OpinionForm(request.POST or None, council=council, opinion=opinion, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.opinion_save(
                council=council,
                actor=request.user,
                opinion=opinion,
                subject=data.get("subject"),
                position=data["position"],
                text=data["text"],
                recommendations=form.recommendation_lines(),
                meeting=data["meeting"],
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            if "publish" not in request.POST:
                messages.success(request, gettext("The draft is saved."))
                return redirect(saved.get_absolute_url())
            try:
                services.opinion_publish(opinion=saved, actor=request.user)
            except DomainError as error:
                messages.error(
                    request, gettext("The draft is saved but not published: %(why)s") % {"why": error.message}
                )
                return redirect("councils:opinion_edit", slug=slug, pk=saved.pk)
            messages.success(
                request, gettext("The opinion is published; the coordinators are asked to answer each recommendation.")
            )
            return redirect(saved.get_absolute_url())
    return render(request, "councils/opinion_form.html", {"council": council, "form": form, "opinion": opinion})


@require_GET
def opinion_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opinion = access.opinion_for(request, slug, pk)
    may_answer = core_access.can(request, "councils.answer_opinion", opinion)
    return render(
        request,
        "councils/opinion_detail.html",
        {
            "council": opinion.council,
            "opinion": opinion,
            "recommendations": list(opinion.recommendations.all()),
            "subject_url": subjects.url_of(opinion),
            "may_answer": may_answer,
            "answer_form": RecommendationAnswerForm() if may_answer else None,
        },
    )


@require_POST
def opinion_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    opinion = access.opinion_for(request, slug, pk, "councils.write_opinion")
    try:
        services.opinion_publish(opinion=opinion, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, gettext("The opinion is published; the coordinators are asked to answer each recommendation.")
        )
    return redirect(opinion.get_absolute_url())


@require_POST
def recommendation_answer(request: HttpRequest, slug: str, pk: int, recommendation_pk: int) -> HttpResponse:
    recommendation = access.recommendation_for(request, slug, pk, recommendation_pk, "councils.answer_opinion")
    form = RecommendationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_answer(recommendation=recommendation, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The answer is recorded and shown with the recommendation."))
    else:
        messages.error(request, gettext("Choose an answer and give the reason."))
    return redirect("councils:opinion", slug=slug, pk=pk)
