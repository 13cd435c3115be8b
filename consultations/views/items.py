"""The item page and everything a participant does on it. Every action works
as a plain form post (redirect back) and, with htmx, swaps only its part.

Whether a form is offered, and the reason shown instead when it is not, are
the permissions declared in ``rules.py``: the services raise the same
reasons."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access as core_access
from core.errors import DomainError
from core.forms import domain_error_to_form
from core.params import int_param

from .. import access, selectors, services
from ..forms import CommentEditForm, CommentForm, FlagForm, StanceForm
from ..models import ConsultationItem, Stance

# Far beyond any real thread count; keeps OFFSET within what the database takes.
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", selectors.Sort.NEWEST)
    return sort if sort in selectors.Sort.CHOICES else selectors.Sort.NEWEST


def _offset(request: HttpRequest) -> int:
    return int_param(request.GET.get("offset"), 0, minimum=0, maximum=MAX_OFFSET)


def _comment_context(request: HttpRequest, item: ConsultationItem, sort: str, offset: int) -> dict:
    batch = selectors.item_comments(item=item, user=request.user, sort=sort, offset=offset)
    return {
        "item": item,
        "consultation": item.consultation,
        "batch": batch,
        "sort": sort,
        # Decisions (truthy, with .reason): the comment form shows the reason instead.
        "can_comment": core_access.can(request, "consultations.add_comment", item),
        "can_mark_helpful": core_access.can(request, "consultations.mark_helpful", item),
        "can_flag": core_access.can(request, "consultations.flag_comment", item),
        "can_moderate": core_access.can(request, "consultations.moderate", item),
        "can_answer": core_access.can(request, "consultations.answer_comments", item.consultation),
    }


def _stance_context(item: ConsultationItem) -> dict:
    my_stance = item.my_stance  # read with the item (selectors.item_for_viewer)
    return {
        "item": item,
        # From the item's counters: the chart costs no query however many stances there are.
        "chart": selectors.helix_chart(item.stances_by_helix()),
        "stance_data_id": f"stance-data-{item.pk}",
        "my_stance": my_stance.position if my_stance else "",
        "positions": Stance.Position.choices,
    }


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_for(request, pk)
    offset = _offset(request)
    context = _comment_context(request, item, _sort(request), offset)
    context.update(_stance_context(item))
    context.update({"comment_form": CommentForm(), "offset": offset})
    return render(request, "consultations/item_detail.html", context)


@require_GET
def item_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The next batch of comments (htmx "load more", and plain links)."""
    item = access.item_for(request, pk)
    context = _comment_context(request, item, _sort(request), _offset(request))
    return render(request, "consultations/_comment_batch.html", context)


def _back(item: ConsultationItem, anchor: str = "") -> HttpResponse:
    return redirect(reverse("consultations:item", args=[item.pk]) + (f"#{anchor}" if anchor else ""))


@require_POST
def stance_post(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.item_for(request, pk, "consultations.take_stance", page=False)
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
        context = _stance_context(item)
        context["stance_error"] = error
        return render(request, "consultations/_stance.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your stance has been saved."))
    return _back(item, "stance")


@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A new comment on an item, or (with ``parent``) a reply. Who may take
    part is checked here (403 with the reason); the rate limit is checked by
    the service, so that the page comes back with what the person wrote."""
    item = access.item_for(request, pk, "consultations.comment")
    parent = None
    if request.POST.get("parent"):
        # Scoped to this item: a parent id from the browser is never trusted alone.
        parent_id = int_param(request.POST["parent"], 0, minimum=0, maximum=MAX_ID)
        parent = next(iter(selectors.comments_of(item=item, ids=[parent_id])), None)
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
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("Your comment has been published."))
            return _back(item, f"comment-{comment.pk}")
    # Keep what the person wrote: show the page again with the errors.
    context = _comment_context(request, item, selectors.Sort.NEWEST, 0)
    context.update(_stance_context(item))
    context.update(
        {
            "comment_form": form if parent is None else CommentForm(),
            "reply_form": form if parent is not None else None,
            "reply_parent": parent,
            # The form stays on the page whatever stopped it (the rate limit included).
            "keep_comment_form": True,
            "offset": 0,
        }
    )
    return render(request, "consultations/item_detail.html", context, status=422 if not request.htmx else 200)


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.comment_for(request, pk, "consultations.change_comment")
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("Your comment has been updated."))
            return _back(comment.item, f"comment-{comment.pk}")
    return render(request, "consultations/comment_edit.html", {"form": form, "comment": comment, "item": comment.item})


@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.comment_for(request, pk, "consultations.delete_comment")
    try:
        services.comment_delete(comment=comment, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your comment has been deleted. Replies to it stay."))
    return _back(comment.item, f"comment-{comment.pk}")


@require_POST
def helpful_post(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.comment_for(request, pk, "consultations.mark_helpful")
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


@require_http_methods(["GET", "POST"])
def comment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.comment_for(request, pk, "consultations.flag_comment")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(comment=comment, user=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("Thank you: the moderators of this process will review the comment."))
            return _back(comment.item, f"comment-{comment.pk}")
    return render(request, "consultations/comment_flag.html", {"form": form, "comment": comment, "item": comment.item})
