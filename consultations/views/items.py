"""The item page and everything a participant does on it. Every action works
as a plain form post (redirect back) and, with htmx, swaps only its part."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError

from .. import selectors, services
from ..forms import CommentEditForm, CommentForm, FlagForm, StanceForm
from ..models import ConsultationItem, Stance
from ..services.participation import participation_refusal, window_message
from ._common import get_or_404, int_param, require_perm


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", selectors.Sort.NEWEST)
    return sort if sort in selectors.Sort.CHOICES else selectors.Sort.NEWEST


def _comment_context(request: HttpRequest, item: ConsultationItem, sort: str, offset: int) -> dict:
    user = request.user
    batch = selectors.item_comments(item=item, user=user, sort=sort, offset=offset)
    return {
        "item": item,
        "consultation": item.consultation,
        "batch": batch,
        "sort": sort,
        "can_comment": user.has_perm("consultations.add_comment", item),
        "can_mark_helpful": user.has_perm("consultations.mark_helpful", item),
        "can_flag": user.is_authenticated and user.has_perm("consultations.flag_comment", item),
        "can_moderate": user.has_perm("consultations.moderate", item),
        "can_answer": user.has_perm("consultations.answer_comments", item.consultation),
    }


def _stance_context(request: HttpRequest, item: ConsultationItem) -> dict:
    my_stance = item.my_stance  # read with the item (selectors.item_for_viewer)
    return {
        "item": item,
        # From the item's counters: the chart costs no query however many stances there are.
        "chart": selectors.helix_chart(item.stances_by_helix()),
        "stance_data_id": f"stance-data-{item.pk}",
        "my_stance": my_stance.position if my_stance else "",
        "stance_refusal": participation_refusal(request.user, item),
        "positions": Stance.Position.choices,
    }


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(lambda pk: selectors.item_for_viewer(pk, request.user), pk)
    context = _comment_context(request, item, _sort(request), int_param(request.GET.get("offset")))
    context.update(_stance_context(request, item))
    context.update(
        {
            "window_message": window_message(item.consultation),
            "comment_refusal": participation_refusal(request.user, item, commenting=True),
            "comment_form": CommentForm(),
            "offset": int_param(request.GET.get("offset")),
        }
    )
    return render(request, "consultations/item_detail.html", context)


@require_GET
def item_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The next batch of comments (htmx "load more", and plain links)."""
    item = get_or_404(lambda pk: selectors.item_for_viewer(pk, request.user), pk)
    context = _comment_context(request, item, _sort(request), int_param(request.GET.get("offset")))
    return render(request, "consultations/_comment_batch.html", context)


def _back(item: ConsultationItem, anchor: str = "") -> HttpResponse:
    return redirect(reverse("consultations:item", args=[item.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def stance_post(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_or_404(lambda pk: selectors.item_for_viewer(pk, request.user, page=False), pk)
    require_perm(request, "consultations.take_stance", item, participation_refusal(request.user, item))
    form = StanceForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.stance_set(item=item, user=request.user, position=form.cleaned_data["position"] or None)
        except DomainError as exc:
            error = exc.message
    else:
        error = _("Choose support, neutral or oppose.")
    if request.htmx:
        item = selectors.item_for_viewer(item.pk, request.user, page=False)
        context = _stance_context(request, item)
        context["stance_error"] = error
        return render(request, "consultations/_stance.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your stance has been saved."))
    return _back(item, "stance")


@login_required
@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A new comment on an item, or (with ``parent``) a reply."""
    item = get_or_404(lambda pk: selectors.item_for_viewer(pk, request.user), pk)
    require_perm(request, "consultations.add_comment", item, participation_refusal(request.user, item, commenting=True))
    parent = None
    if request.POST.get("parent"):
        # Scoped to this item: a parent id from the browser is never trusted alone.
        parent = item.comments.filter(pk=int_param(request.POST["parent"], -1)).first()
        if parent is None:
            messages.error(request, _("The comment you replied to does not exist on this item."))
            return _back(item)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(
                item=item,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
                show_as_resident=form.cleaned_data["show_as_resident"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your comment has been published."))
            return _back(item, f"comment-{comment.pk}")
    # Keep what the person wrote: show the page again with the errors.
    context = _comment_context(request, item, selectors.Sort.NEWEST, 0)
    context.update(_stance_context(request, item))
    context.update(
        {
            "window_message": window_message(item.consultation),
            "comment_refusal": None,
            "comment_form": form if parent is None else CommentForm(),
            "reply_form": form if parent is not None else None,
            "reply_parent": parent,
            "offset": 0,
        }
    )
    return render(request, "consultations/item_detail.html", context, status=422 if not request.htmx else 200)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_or_404(selectors.comment_get, pk)
    require_perm(
        request,
        "consultations.change_comment",
        comment,
        _("You can edit your own comments for 15 minutes after posting, while the consultation is open."),
    )
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your comment has been updated."))
            return _back(comment.item, f"comment-{comment.pk}")
    return render(request, "consultations/comment_edit.html", {"form": form, "comment": comment, "item": comment.item})


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_or_404(selectors.comment_get, pk)
    require_perm(request, "consultations.delete_comment", comment, _("Only its author can delete a comment."))
    try:
        services.comment_delete(comment=comment, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your comment has been deleted. Replies to it stay."))
    return _back(comment.item, f"comment-{comment.pk}")


@login_required
@require_POST
def helpful_post(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_or_404(selectors.comment_get, pk)
    require_perm(
        request,
        "consultations.mark_helpful",
        comment,
        participation_refusal(request.user, comment) or _("You cannot mark your own comment as helpful."),
    )
    helpful = request.POST.get("helpful", "1") == "1"
    error = None
    try:
        helpful = services.helpful_mark_set(comment=comment, user=request.user, helpful=helpful)
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        comment.refresh_from_db(fields=["helpful_count"])
        return render(
            request,
            "consultations/_helpful.html",
            {"comment": comment, "marked": helpful and not error, "can_mark_helpful": True, "helpful_error": error},
        )
    if error:
        messages.error(request, error)
    return _back(comment.item, f"comment-{comment.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def comment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_or_404(selectors.comment_get, pk)
    require_perm(
        request,
        "consultations.flag_comment",
        comment,
        _("Confirm your email address to flag comments; you cannot flag your own."),
    )
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(comment=comment, user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Thank you: the moderators of this process will review the comment."))
            return _back(comment.item, f"comment-{comment.pk}")
    return render(request, "consultations/comment_flag.html", {"form": form, "comment": comment, "item": comment.item})
