from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError

from .. import selectors, services
from ..forms import BlockForm, HideForm, RestoreForm
from ..models import CommentingBlock
from ._common import get_or_404, require_perm

NOT_MODERATOR = gettext_lazy("Only moderators of this process can moderate its consultations.")


@login_required
@require_GET
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(request, "consultations.moderate", consultation, str(NOT_MODERATOR))
    page = Paginator(selectors.moderation_queue(consultation), 25).get_page(request.GET.get("page"))
    blocks = (
        CommentingBlock.objects.filter(consultation=consultation, lifted_at__isnull=True, until__gt=timezone.now())
        .select_related("user")
        .order_by("-until")
    )
    return render(
        request,
        "consultations/moderation_queue.html",
        {"consultation": consultation, "page": page, "blocks": blocks},
    )


@login_required
@require_GET
def moderation_log(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(
        request,
        "consultations.view_moderation_log",
        consultation,
        _("The moderation log is open to the coordinators and moderators of this process."),
    )
    page = Paginator(selectors.moderation_log(consultation), 50).get_page(request.GET.get("page"))
    return render(request, "consultations/moderation_log.html", {"consultation": consultation, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment's moderation page: its flags, hide / restore, block its author."""
    comment = get_or_404(selectors.comment_get, pk)
    consultation = comment.item.consultation
    require_perm(request, "consultations.moderate", comment, str(NOT_MODERATOR))
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
            forms[action].add_domain_error(error)
        else:
            return redirect("consultations:moderation", pk=consultation.pk)
    flags = comment.flags.select_related("user").order_by("-created_at")
    return render(
        request,
        "consultations/comment_moderate.html",
        {"comment": comment, "consultation": consultation, "item": comment.item, "flags": flags, "forms": forms},
    )


@login_required
@require_POST
def block_lift(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(CommentingBlock.objects.select_related("consultation__edp"), pk=pk)
    require_perm(request, "consultations.moderate", block.consultation, str(NOT_MODERATOR))
    try:
        services.user_block_lift(block=block, moderator=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The block has been lifted."))
    return redirect("consultations:moderation", pk=block.consultation_id)
