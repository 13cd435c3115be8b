"""The call for ideas: public pages, authoring, attachments, the coordinator's list."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from core.forms import domain_error_to_form
from core.uploads import private_file_response

from .. import selectors, services
from ..access import attachment_for, edp_for, idea_for
from ..exports import ideas_csv, ideas_xlsx
from ..forms import AttachmentForm, IdeaFilterForm, IdeaForm
from ..models import MAX_ATTACHMENTS_PER_IDEA, Idea
from ..workflow import call_for_ideas


@require_GET
def idea_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug)
    page = Paginator(selectors.ideas_for_public(edp), 20).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "edp/idea_list.html",
        {
            "edp": edp,
            "page": page,
            "call": call_for_ideas(edp),
            "mine": selectors.ideas_of_user(edp, user)[:20] if user.is_authenticated else [],
        },
    )


def _idea_page(request: HttpRequest, idea: Idea, attachment_form: AttachmentForm, status: int = 200) -> HttpResponse:
    context = {
        "edp": idea.edp,
        "idea": idea,
        "attachment_form": attachment_form,
        # A refused upload keeps its form, to say why next to it.
        "room_for_files": attachment_form.errors or len(idea.attachments.all()) < MAX_ATTACHMENTS_PER_IDEA,
    }
    return render(request, "edp/idea_detail.html", context, status=status)


@require_GET
def idea_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _idea_page(request, idea_for(request, slug, pk), AttachmentForm())


@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    if pk:
        idea = idea_for(request, slug, pk, "edp.change_idea")
        edp = idea.edp
    else:
        idea = None
        edp = edp_for(request, slug, "edp.submit_idea")
    form = IdeaForm(request.POST or None, instance=idea, edp=edp, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.idea_save(
                edp=edp,
                author=request.user,
                idea=idea,
                organisation=data["organisation"],
                assets=data["assets"],
                partners=data["partners"],
                co_author_emails=form.co_author_emails(),
                meeting=data["meeting"],
                **{f: data[f] for f in services.ideas.IDEA_TEXT_FIELDS},
            )
            if "submit" in request.POST and Idea.lifecycle.is_in(saved, Idea.Status.DRAFT):
                services.idea_submit(idea=saved, actor=request.user)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            if Idea.lifecycle.is_in(saved, "public"):
                messages.success(request, gettext("Your idea is submitted. Thank you!"))
            else:
                messages.success(request, gettext("Draft saved. Only you and your co-authors can see it."))
            return redirect(saved.get_absolute_url())
    return render(request, "edp/idea_form.html", {"edp": edp, "form": form, "idea": idea})


@require_POST
def idea_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = idea_for(request, slug, pk, "edp.send_idea")
    try:
        services.idea_submit(idea=idea, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your idea is submitted. Thank you!"))
    return redirect(idea.get_absolute_url())


@require_POST
def idea_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = idea_for(request, slug, pk, "edp.withdraw_idea")
    try:
        services.idea_withdraw(idea=idea, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your idea is withdrawn."))
    return redirect(idea.get_absolute_url())


@require_POST
def attachment_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = idea_for(request, slug, pk, "edp.change_idea")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(idea=idea, actor=request.user, checked=form.cleaned_data["file"])
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("File attached."))
            return redirect(idea.get_absolute_url())
    return _idea_page(request, idea, form, status=400)


@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = attachment_for(request, slug, pk, attachment_pk)
    return private_file_response(
        request,
        file=attachment.file,
        download_name=attachment.original_name,
        content_type=attachment.content_type,
        perm="edp.view_idea_files",
        obj=attachment.idea,
    )


@require_POST
def attachment_delete(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = attachment_for(request, slug, pk, attachment_pk, "edp.change_idea")
    try:
        services.attachment_delete(attachment=attachment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Attachment removed."))
    return redirect(attachment.idea.get_absolute_url())


def _filtered_ideas(request, edp):
    form = IdeaFilterForm(request.GET or None, edp=edp)
    return form, form.apply(selectors.ideas_for_coordinator(edp))


@require_GET
def idea_manage(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "edp.manage_ideas")
    form, ideas = _filtered_ideas(request, edp)
    page = Paginator(ideas, 25).get_page(request.GET.get("page"))
    return render(
        request, "edp/idea_manage.html", {"edp": edp, "form": form, "page": page, "query": request.GET.urlencode()}
    )


@require_GET
def idea_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    edp = edp_for(request, slug, "edp.manage_ideas")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, ideas = _filtered_ideas(request, edp)
    if fmt == "xlsx":
        return ideas_xlsx(edp, ideas)
    return ideas_csv(edp, ideas)
