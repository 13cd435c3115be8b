"""Meetings: public pages, registration, iCalendar, running the meeting."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import selectors, services
from ..access import edp_for, meeting_for
from ..calendar import meeting_ics
from ..forms import CancelMeetingForm, MeetingForm, MinutesForm, RegisterForm
from ..models import MeetingRegistration


@require_GET
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug)
    now = timezone.now()
    meetings = selectors.meetings_for(edp)
    show = request.GET.get("show", "upcoming")
    if show == "past":
        meetings = meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    else:
        meetings = meetings.filter(starts_at__gte=now)
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "edp/meeting_list.html",
        {"edp": edp, "page": page, "show": show},
    )


@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk)
    user = request.user
    context = {
        "edp": meeting.edp,
        "meeting": meeting,
        "attendance": selectors.attendance_by_helix(meeting),
        "registration": selectors.registration_of(meeting, user),
        "register_form": RegisterForm(user=user) if user.is_authenticated else None,
        "is_full": meeting.confirmed_count >= meeting.capacity,
    }
    return render(request, "edp/meeting_detail.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    if pk:
        meeting = meeting_for(request, slug, pk, "edp.change_meeting")
        edp = meeting.edp
    else:
        meeting = None
        edp = edp_for(request, slug, "edp.add_meeting")
    form = MeetingForm(request.POST or None, instance=meeting, edp=edp)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in MeetingForm.Meta.fields}
        try:
            saved = services.meeting_save(
                edp=edp,
                actor=request.user,
                meeting=meeting,
                agenda=form.cleaned_data["agenda"],
                topics=form.cleaned_data["topics"],
                **values,
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Meeting saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "edp/meeting_form.html", {"edp": edp, "form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk, "edp.change_meeting")
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The meeting is cancelled; registered people are told."))
            return redirect(meeting.get_absolute_url())
    return render(request, "edp/meeting_cancel.html", {"edp": meeting.edp, "meeting": meeting, "form": form})


@require_POST
def meeting_register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk, "edp.register_meeting")
    form = RegisterForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, gettext("Choose an organisation you belong to, or yourself."))
        return redirect(meeting.get_absolute_url())
    try:
        registration = services.meeting_register(
            meeting=meeting, user=request.user, organisation=form.cleaned_data["organisation"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if MeetingRegistration.lifecycle.is_in(registration, "seated"):
            messages.success(request, gettext("You are registered. Add the meeting to your calendar below."))
        else:
            messages.info(
                request, gettext("The meeting is full: you are on the waitlist and will be told if a seat frees up.")
            )
    return redirect(meeting.get_absolute_url())


@require_POST
def meeting_unregister(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk, "edp.leave_meeting")
    registration = selectors.registration_of(meeting, request.user)
    if registration is None:
        messages.error(request, gettext("You are not registered for this meeting."))
        return redirect(meeting.get_absolute_url())
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your registration is cancelled."))
    return redirect(meeting.get_absolute_url())


@require_GET
def meeting_calendar(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk)
    response = HttpResponse(meeting_ics(meeting, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk, "edp.run_meeting")
    registrations = list(selectors.meeting_registrations(meeting))
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            count = services.attendance_mark(meeting=meeting, actor=request.user, present_ids=present)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Attendance saved: %(n)s present.") % {"n": count})
            return redirect("edp:meeting_attendance", slug=slug, pk=pk)
    return render(
        request, "edp/meeting_attendance.html", {"edp": meeting.edp, "meeting": meeting, "registrations": registrations}
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_for(request, slug, pk, "edp.run_meeting")
    initial = {"minutes": meeting.minutes, "decisions": "\n".join(d.text for d in meeting.decisions.all())}
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_publish(meeting=meeting, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Minutes published."))
            return redirect(meeting.get_absolute_url())
    return render(request, "edp/meeting_minutes.html", {"edp": meeting.edp, "meeting": meeting, "form": form})
