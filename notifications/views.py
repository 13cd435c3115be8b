from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access as core_access
from core.errors import DomainError
from core.forms import domain_error_to_form

from . import access, selectors, services
from .forms import AnnouncementForm, PreferencesForm
from .rendering import render_message

PAGE_SIZE = 20


def _bell_changed(response: HttpResponse) -> HttpResponse:
    response["HX-Trigger"] = "notifications-changed"
    return response


@login_required
@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/_bell.html", {"unread": selectors.unread_count(user=request.user)})


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(selectors.inbox(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = []
    for notification in page.object_list:
        notification.recipient = request.user  # spares a query per row
        items.append((notification, render_message(notification)))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "items": items, "unread_only": unread_only, "unread": selectors.unread_count(user=request.user)},
    )


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access.notification_for(request, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    if request.htmx:
        notification.recipient = request.user
        return _bell_changed(
            render(
                request,
                "notifications/_item.html",
                {"notification": notification, "message": render_message(notification)},
            )
        )
    return redirect("notifications:inbox")


@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to the thing it is about."""
    notification = access.notification_for(request, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    notification.recipient = request.user
    url = render_message(notification).url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(url)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    if request.htmx:
        return _bell_changed(HttpResponse(status=204, headers={"HX-Refresh": "true"}))
    messages.success(request, gettext("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    table = selectors.preference_table(user=request.user)
    form = PreferencesForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(user=request.user, choices=form.choices())
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the credential; RFC 8058 mail clients POST without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe, no login: GET shows a button (link scanners only GET), POST acts."""
    from .tokens import InvalidToken, read_unsubscribe_token

    if request.method == "GET":
        try:
            read_unsubscribe_token(token)
        except InvalidToken:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "notifications/unsubscribe.html", {"token": token})
    try:
        _user, keys = services.unsubscribe_with_token(token=token)
    except DomainError as error:
        return render(request, "notifications/unsubscribe.html", {"invalid": True, "error": error.message}, status=400)
    from .registry import get_event_type

    labels = [get_event_type(key).label for key in keys]
    return render(request, "notifications/unsubscribe.html", {"done": True, "labels": labels})


@require_GET
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.announcement_for(request, pk)
    return render(
        request, "notifications/announcement.html", {"announcement": item, "event": selectors.announcement_event(item)}
    )


@require_GET
def announcement_progress(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.announcement_for(request, pk, "notifications.add_announcement")
    return render(
        request, "notifications/_progress.html", {"announcement": item, "event": selectors.announcement_event(item)}
    )


@require_http_methods(["GET", "POST"])
def announcement_create(request: HttpRequest) -> HttpResponse:
    core_access.require(request, "notifications.add_announcement")
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.announcement_publish(author=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The announcement is published; people are being notified."))
            return redirect(reverse("notifications:announcement", args=[item.pk]))
    return render(request, "notifications/announcement_form.html", {"form": form})
