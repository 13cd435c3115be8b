from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import access, selectors, services
from ..forms import BlockForm, HideForm, RestoreForm


@require_GET
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk, "consultations.moderate")
    page = Paginator(selectors.moderation_queue(consultation), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/moderation_queue.html",
        {"consultation": consultation, "page": page, "blocks": selectors.blocks_in_force(consultation)},
    )


@require_GET
def moderation_log(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk, "consultations.view_moderation_log")
    page = Paginator(selectors.moderation_log(consultation), 50).get_page(request.GET.get("page"))
    return render(request, "consultations/moderation_log.html", {"consultation": consultation, "page": page})


@require_http_methods(["GET", "POST"])
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment's moderation page: its flags, hide / restore (or keep it
    and dismiss its flags), block its author. Which forms appear is the
    comment's lifecycle (Comment.lifecycle) answering for this moderator."""
    comment = access.comment_for(request, pk, "consultations.moderate")
    consultation = comment.item.consultation
    action = request.POST.get("action", "")
    forms = {
        "hide": HideForm(request.POST if action == "hide" else None, prefix="hide"),
        "restore": RestoreForm(request.POST if action == "restore" else None, prefix="restore"),
        "block": BlockForm(request.POST if action == "block" else None, prefix="block"),
    }
    if request.method == "POST" and action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "hide":
                services.comment_hide(comment=comment, moderator=request.user, reason=data["reason"])
                messages.success(request, _("The comment is hidden; its public reason is shown in its place."))
            elif action == "restore":
                services.comment_restore(comment=comment, moderator=request.user, reason=data["reason"])
                messages.success(request, _("The comment is shown and its flags are reviewed."))
            else:
                services.user_block(
                    consultation=consultation,
                    moderator=request.user,
                    user=comment.author,
                    days=data["days"],
                    reason=data["reason"],
                )
                messages.success(request, _("The author cannot comment in this consultation for now."))
        except DomainError as error:
            domain_error_to_form(forms[action], error)
        else:
            return redirect("consultations:moderation", pk=consultation.pk)
    return render(
        request,
        "consultations/comment_moderate.html",
        {
            "comment": comment,
            "consultation": consultation,
            "item": comment.item,
            "flags": selectors.comment_flags(comment),
            "forms": forms,
        },
    )


@require_POST
def block_lift(request: HttpRequest, pk: int) -> HttpResponse:
    block = access.block_for(request, pk)
    try:
        services.user_block_lift(block=block, moderator=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The block has been lifted."))
    return redirect("consultations:moderation", pk=block.consultation_id)
