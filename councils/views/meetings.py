"""A council's meetings, hearings and office hours (the EDP meeting
machinery), citizens' questions and their answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access as core_access
from core.errors import DomainError
from core.forms import domain_error_to_form
from edp.calendar import meeting_ics
from edp.forms import CancelMeetingForm, MinutesForm, RegisterForm
from edp.models import MeetingRegistration
from edp.selectors import meeting_registrations
from edp.services import meetings as edp_meetings

from .. import access, selectors, services
from ..forms import AnswerForm, CouncilMeetingForm, QuestionForm


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    # Another council's meeting is not found here (404) before anyone is refused.
    meeting = access.meeting_for(request, slug, pk) if pk else None
    council = access.council_for(request, slug, "councils.manage_meetings")
    form = CouncilMeetingForm(request.POST or None, instance=meeting, council=council)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in CouncilMeetingForm.Meta.fields}
        try:
            saved = services.council_meeting_save(
                council=council, actor=request.user, meeting=meeting, agenda=form.cleaned_data["agenda"], **values
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("Meeting saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "councils/meeting_form.html", {"council": council, "form": form, "meeting": meeting})


@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk)
    user = request.user
    registration = None
    if user.is_authenticated:
        registration = meeting.registrations.filter(user=user).exclude(status="cancelled").first()
    may_register = core_access.can(request, "councils.register_meeting", meeting)
    return render(
        request,
        "councils/meeting_detail.html",
        {
            "council": meeting.council,
            "meeting": meeting,
            "registration": registration,
            "may_register": may_register,
            "register_form": RegisterForm(user=user) if user.is_authenticated else None,
            "is_full": meeting.confirmed_count >= meeting.capacity,
            "questions": selectors.meeting_questions(meeting),
            "conflicts": selectors.meeting_conflicts(meeting),
            "question_form": QuestionForm(),
            "answer_form": AnswerForm(),
            "outside_capital": bool(meeting.district_id and meeting.district_id != meeting.council.home_district_id),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk, "councils.run_meeting")
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The meeting is cancelled; registered people are told."))
            return redirect(meeting.get_absolute_url())
    return render(
        request, "councils/meeting_cancel.html", {"council": meeting.council, "meeting": meeting, "form": form}
    )


@require_POST
def meeting_register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk, "councils.register_meeting")
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
        if registration.status == MeetingRegistration.Status.CONFIRMED:
            messages.success(request, gettext("You are registered. Add the meeting to your calendar below."))
        else:
            messages.info(
                request, gettext("The meeting is full: you are on the waitlist and will be told if a seat frees up.")
            )
    return redirect(meeting.get_absolute_url())


@require_POST
def meeting_unregister(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk)
    if not request.user.is_authenticated:
        core_access.refuse(request)
    registration = meeting.registrations.filter(user=request.user).exclude(status="cancelled").first()
    if registration is None:
        messages.error(request, gettext("You are not registered for this meeting."))
        return redirect(meeting.get_absolute_url())
    try:
        edp_meetings.registration_cancel(registration=registration, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("Your registration is cancelled."))
    return redirect(meeting.get_absolute_url())


@require_GET
def meeting_calendar(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk)
    response = HttpResponse(meeting_ics(meeting, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk, "councils.run_meeting")
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            count = services.attendance_mark(meeting=meeting, actor=request.user, present_ids=present)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Attendance saved: %(n)s present.") % {"n": count})
            return redirect("councils:meeting_attendance", slug=slug, pk=pk)
    return render(
        request,
        "councils/meeting_attendance.html",
        {
            "council": meeting.council,
            "meeting": meeting,
            "registrations": [
                r for r in meeting_registrations(meeting) if r.status == MeetingRegistration.Status.CONFIRMED
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk, "councils.run_meeting")
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
    return render(
        request, "councils/meeting_minutes.html", {"council": meeting.council, "meeting": meeting, "form": form}
    )


@require_POST
def question_ask(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = access.meeting_for(request, slug, pk, "councils.ask_question")
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(meeting=meeting, author=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Your question is listed; it will be answered after the hearing."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(meeting.get_absolute_url())


@require_POST
def question_answer(request: HttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    question = access.question_for(request, slug, pk, question_pk, "councils.answer_question")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(question=question, actor=request.user, answer=form.cleaned_data["answer"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The answer is published; the person who asked is told."))
    else:
        messages.error(request, gettext("Write the answer."))
    return redirect(question.meeting.get_absolute_url())
