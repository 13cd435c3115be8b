"""The public record: answers ("you said, we did") and the report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import exports as core_exports
from core.access import can
from core.errors import DomainError
from core.forms import domain_error_to_form

from .. import access, exports, selectors, services
from ..forms import AnswerForm, CommentNumbersField, PublishReportForm
from ..models import Answer, Consultation
from ..report import build_report


@require_GET
def answer_list(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk)
    return render(
        request,
        "consultations/answer_list.html",
        {
            "consultation": consultation,
            "answers": selectors.answers_of(consultation),
            "can_answer": can(request, "consultations.answer_comments", consultation),
        },
    )


def _answer_form_view(request: HttpRequest, consultation: Consultation, answer: Answer | None) -> HttpResponse:
    initial = {}
    if answer is None and request.GET.get("comments"):
        # "Answer" next to a comment: its number, and its item chosen.
        initial["comment_numbers"] = request.GET["comments"]
        try:
            numbers = CommentNumbersField(required=False).clean(request.GET["comments"])
        except ValidationError:
            numbers = []
        first = next(iter(selectors.comments_of(consultation=consultation, ids=numbers[:50])), None)
        if first:
            initial["item"] = first.item_id
    form = AnswerForm(request.POST or None, instance=answer, consultation=consultation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = answer.item if answer else data["item"]
        # Comment numbers come from the browser: only this item's comments count.
        comments = selectors.comments_of(item=item, ids=data["comment_numbers"])
        missing = set(data["comment_numbers"]) - {c.pk for c in comments}
        if missing:
            form.add_error(
                "comment_numbers",
                _("These numbers are not comments on the chosen item: %(n)s")
                % {"n": ", ".join(map(str, sorted(missing)))},
            )
        else:
            try:
                if answer is None:
                    answer = services.answer_create(
                        consultation=consultation,
                        author=request.user,
                        item=item,
                        comments=comments,
                        summary=data["summary"],
                        outcome=data["outcome"],
                        reason=data["reason"],
                    )
                else:
                    services.answer_update(
                        answer=answer,
                        author=request.user,
                        comments=comments,
                        summary=data["summary"],
                        outcome=data["outcome"],
                        reason=data["reason"],
                    )
            except DomainError as error:
                domain_error_to_form(form, error)
            else:
                messages.success(request, _("The answer is published."))
                return redirect(f"{redirect('consultations:answers', pk=consultation.pk).url}#answer-{answer.pk}")
    return render(
        request, "consultations/answer_form.html", {"form": form, "consultation": consultation, "answer": answer}
    )


@require_http_methods(["GET", "POST"])
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk, "consultations.answer_comments")
    return _answer_form_view(request, consultation, None)


@require_http_methods(["GET", "POST"])
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_for(request, pk)
    return _answer_form_view(request, answer.consultation, answer)


@require_POST
def answer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = access.answer_for(request, pk)
    try:
        services.answer_delete(answer=answer, author=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The answer has been removed."))
    return redirect("consultations:answers", pk=answer.consultation_id)


def _report_for(request: HttpRequest, pk: int) -> Consultation:
    return access.consultation_for(request, pk, "consultations.view_report")


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_for(request, pk)
    can_publish = Consultation.lifecycle.can(consultation, "publish_report", request.user)
    return render(
        request,
        "consultations/report.html",
        {
            "consultation": consultation,
            "report": build_report(consultation),
            "can_publish": can_publish,
            "csv_tables": [
                ("participants", _("Participants")),
                ("stances", _("Stances")),
                ("comments", _("Comments")),
                ("answers", _("Answers")),
                ("hearings", _("Public hearings")),
            ],
            "publish_form": PublishReportForm(initial={"summary": consultation.report_summary})
            if can_publish
            else None,
        },
    )


@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for(request, pk)
    access.require_transition(request, consultation, "publish_report")
    form = PublishReportForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_publish_report(
                consultation=consultation, actor=request.user, summary=form.cleaned_data["summary"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The report is published."))
    else:
        messages.error(request, _("Write the conclusions before publishing the report."))
    return redirect("consultations:report", pk=consultation.pk)


def _filename(consultation, ext: str) -> str:
    return f"consultation-{consultation.pk}-{slugify(consultation.title)[:40] or 'report'}.{ext}"


@require_GET
def report_csv(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    consultation = _report_for(request, pk)
    tables = exports.tables(build_report(consultation))
    if table not in tables:
        raise Http404
    header, rows = tables[table]
    response = StreamingHttpResponse(core_exports.csv_stream(header, rows), content_type=core_exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, table + ".csv")}"'
    return response


@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_for(request, pk)
    response = HttpResponse(exports.xlsx_bytes(build_report(consultation)), content_type=core_exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "xlsx")}"'
    return response


@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_for(request, pk)
    response = HttpResponse(
        exports.pdf_bytes(build_report(consultation), request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "pdf")}"'
    return response
