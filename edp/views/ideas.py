"""The call for ideas: public pages, authoring, attachments, the coordinator's list."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from core.uploads import private_file_response

from .. import selectors, services
from ..exports import ideas_csv, ideas_xlsx
from ..forms import AttachmentForm, IdeaFilterForm, IdeaForm
from ..models import MAX_ATTACHMENTS_PER_IDEA
from ..rules import call_for_ideas_open
from ._common import deny, form_error, get_attachment, get_edp, get_idea, needs


@require_GET
def idea_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = get_edp(request, slug)
    page = Paginator(selectors.ideas_for_public(edp), 20).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "edp/idea_list.html",
        {
            "edp": edp,
            "page": page,
            "call_open": call_for_ideas_open(edp),
            "can_submit": user.has_perm("edp.submit_idea", edp),
            "can_manage": user.has_perm("edp.manage_ideas", edp),
            "mine": selectors.ideas_of_user(edp, user)[:20] if user.is_authenticated else [],
        },
    )


@require_GET
@needs("edp.view_idea", get_idea)
def idea_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = get_idea(request, slug, pk)
    user = request.user
    context = {
        "edp": idea.edp,
        "idea": idea,
        "full": user.has_perm("edp.view_idea_full", idea),
        "files": user.has_perm("edp.view_idea_files", idea),
        "can_change": user.has_perm("edp.change_idea", idea),
        "can_send": user.has_perm("edp.send_idea", idea),
        "can_withdraw": user.has_perm("edp.withdraw_idea", idea),
        "attachment_form": AttachmentForm(),
    }
    context["show_upload"] = context["can_change"] and len(idea.attachments.all()) < MAX_ATTACHMENTS_PER_IDEA
    return render(request, "edp/idea_detail.html", context)


@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    edp = get_edp(request, slug)
    idea = get_idea(request, slug, pk) if pk else None
    allowed = request.user.has_perm("edp.change_idea", idea) if idea else request.user.has_perm("edp.submit_idea", edp)
    if not allowed:
        return deny(request)
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
            if "submit" in request.POST and saved.is_draft:
                services.idea_submit(idea=saved, actor=request.user)
        except DomainError as error:
            form_error(request, form, error)
        else:
            if saved.is_submitted:
                messages.success(request, gettext("Your idea is submitted. Thank you!"))
            else:
                messages.success(request, gettext("Draft saved. Only you and your co-authors can see it."))
            return redirect(saved.get_absolute_url())
    return render(request, "edp/idea_form.html", {"edp": edp, "form": form, "idea": idea})


@require_POST
@needs("edp.send_idea", get_idea)
def idea_submit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = get_idea(request, slug, pk)
    try:
        services.idea_submit(idea=idea, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your idea is submitted. Thank you!"))
    return redirect(idea.get_absolute_url())


@require_POST
@needs("edp.withdraw_idea", get_idea)
def idea_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = get_idea(request, slug, pk)
    try:
        services.idea_withdraw(idea=idea, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your idea is withdrawn."))
    return redirect(idea.get_absolute_url())


@require_POST
@needs("edp.change_idea", get_idea)
def attachment_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    idea = get_idea(request, slug, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(idea=idea, actor=request.user, checked=form.cleaned_data["file"])
        except DomainError as error:
            form_error(request, form, error)
        else:
            messages.success(request, gettext("File attached."))
            return redirect(idea.get_absolute_url())
    user = request.user
    context = {
        "edp": idea.edp,
        "idea": idea,
        "full": True,
        "files": True,
        "can_change": True,
        "can_send": user.has_perm("edp.send_idea", idea),
        "can_withdraw": user.has_perm("edp.withdraw_idea", idea),
        "attachment_form": form,
        "show_upload": True,
    }
    return render(request, "edp/idea_detail.html", context, status=400)


@require_GET
def attachment_download(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_attachment(request, slug, pk, attachment_pk)
    if not request.user.is_authenticated:
        return deny(request)
    return private_file_response(
        request,
        file=attachment.file,
        download_name=attachment.original_name,
        content_type=attachment.content_type,
        perm="edp.view_idea_files",
        obj=attachment.idea,
    )


@require_POST
@needs("edp.change_idea", get_idea)
def attachment_delete(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_attachment(request, slug, pk, attachment_pk)
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
@needs("edp.manage_ideas")
def idea_manage(request: HttpRequest, slug: str) -> HttpResponse:
    edp = get_edp(request, slug)
    form, ideas = _filtered_ideas(request, edp)
    page = Paginator(ideas, 25).get_page(request.GET.get("page"))
    return render(
        request, "edp/idea_manage.html", {"edp": edp, "form": form, "page": page, "query": request.GET.urlencode()}
    )


@require_GET
@needs("edp.manage_ideas")
def idea_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    edp = get_edp(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, ideas = _filtered_ideas(request, edp)
    if fmt == "xlsx":
        return ideas_xlsx(edp, ideas)
    return ideas_csv(edp, ideas)
