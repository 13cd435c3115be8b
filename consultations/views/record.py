"""The public record: answers ("you said, we did") and the report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import DomainError

from .. import exports, selectors, services
from ..forms import AnswerForm, PublishReportForm
from ..models import Answer, Comment
from ..report import build_report
from ._common import get_or_404, require_perm


@require_GET
def answer_list(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    return render(
        request,
        "consultations/answer_list.html",
        {
            "consultation": consultation,
            "answers": selectors.answers_of(consultation),
            "can_answer": request.user.has_perm("consultations.answer_comments", consultation),
        },
    )


def _answer_form_view(request: HttpRequest, consultation, answer: Answer | None) -> HttpResponse:
    require_perm(
        request,
        "consultations.answer_comments",
        consultation,
        _("Only coordinators of this process can answer comments, until the report is published."),
    )
    initial = {}
    if answer is None and request.GET.get("comments"):
        initial["comment_numbers"] = request.GET["comments"]
        first = Comment.objects.filter(
            item__consultation=consultation,
            pk__in=[p for p in request.GET["comments"].split(",") if p.strip().isdigit()],
        ).first()
        if first:
            initial["item"] = first.item_id
    form = AnswerForm(request.POST or None, instance=answer, consultation=consultation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = answer.item if answer else data["item"]
        # Comment numbers come from the browser: only this item's comments count.
        comments = list(Comment.objects.filter(item=item, pk__in=data["comment_numbers"]))
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
                form.add_domain_error(error)
            else:
                messages.success(request, _("The answer is published."))
                return redirect(f"{redirect('consultations:answers', pk=consultation.pk).url}#answer-{answer.pk}")
    return render(
        request, "consultations/answer_form.html", {"form": form, "consultation": consultation, "answer": answer}
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    return _answer_form_view(request, consultation, None)


@login_required
@require_http_methods(["GET", "POST"])
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(Answer.objects.select_related("consultation__edp", "item"), pk=pk)
    return _answer_form_view(request, answer.consultation, answer)


@login_required
@require_POST
def answer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(Answer.objects.select_related("consultation__edp"), pk=pk)
    require_perm(
        request,
        "consultations.answer_comments",
        answer.consultation,
        _("Only coordinators of this process can remove answers."),
    )
    try:
        services.answer_delete(answer=answer, author=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The answer has been removed."))
    return redirect("consultations:answers", pk=answer.consultation_id)


def _report_or_403(request: HttpRequest, pk: int):
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(
        request,
        "consultations.view_report",
        consultation,
        _("The report becomes public when the coordinators publish it, after the consultation closes."),
    )
    return consultation


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_or_403(request, pk)
    can_publish = request.user.has_perm("consultations.publish_report", consultation)
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


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_or_404(selectors.consultation_get, pk)
    require_perm(
        request,
        "consultations.publish_report",
        consultation,
        _("Coordinators of this process publish the report once the consultation has closed."),
    )
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
    consultation = _report_or_403(request, pk)
    tables = exports.tables(build_report(consultation))
    if table not in tables:
        return HttpResponse(status=404)
    header, rows = tables[table]
    response = StreamingHttpResponse(exports.csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, table + ".csv")}"'
    return response


@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_or_403(request, pk)
    response = HttpResponse(
        exports.xlsx_bytes(build_report(consultation)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "xlsx")}"'
    return response


@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _report_or_403(request, pk)
    response = HttpResponse(
        exports.pdf_bytes(build_report(consultation), request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(consultation, "pdf")}"'
    return response
