"""The plan as a printable page and PDF; indicators and measurements as
CSV/XLSX. Exports read through the same selectors as the pages, so what is
downloaded is what is shown."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import exports

from . import selectors
from .access import plan_for
from .choices import Frequency, IndicatorType, NationalProgramme
from .models import Indicator, IndicatorMeasurement
from .periods import period_containing

# The printable page and the PDF (being moved to a background job) still
# load the plan by this name; it is the access function.
_plan = plan_for


def tabular_response(filename: str, fmt: str, sheet: str, header: list, rows: list[list]) -> HttpResponse:
    """The table as CSV or XLSX (``core.exports``: one guard against formula injection for every cell)."""
    if fmt == "csv":
        response = HttpResponse(exports.csv_bytes(header, rows), content_type=exports.CSV_CONTENT_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(exports.xlsx_bytes([(sheet, header, rows)]), content_type=exports.XLSX_CONTENT_TYPE)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_GET
def export_indicators(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = plan_for(request, pk)
    indicators = (
        Indicator.objects.filter(plan=plan)
        .select_related("responsible_organisation", "objective", "action")
        .order_by("order", "id")
    )
    header = [
        _("code"),
        _("name"),
        _("type"),
        _("objective"),
        _("action"),
        _("unit"),
        _("baseline value"),
        _("baseline year"),
        _("target value"),
        _("target year"),
        _("reporting frequency"),
        _("data source"),
        _("responsible organisation"),
        _("national programme"),
        _("national target"),
    ]
    rows = [
        [
            i.code,
            i.name,
            IndicatorType(i.type).label,
            i.objective.title if i.objective else "",
            i.action.title if i.action else "",
            i.unit,
            i.baseline_value,
            i.baseline_year,
            i.target_value,
            i.target_year,
            Frequency(i.frequency).label,
            i.data_source,
            i.responsible_organisation.name,
            NationalProgramme(i.national_programme).label if i.national_programme else "",
            i.national_target,
        ]
        for i in indicators
    ]
    return tabular_response(f"plan-{plan.pk}-indicators", fmt, _("Indicators"), header, rows)


@require_GET
def export_measurements(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = plan_for(request, pk)
    measurements = (
        IndicatorMeasurement.objects.filter(indicator__plan=plan)
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id", "period_start")
    )
    header = [
        _("indicator"),
        _("period"),
        _("value"),
        _("comment"),
        _("period start"),
        _("period end"),
        _("progress (%)"),
    ]
    rows = [
        [
            m.indicator.code,
            period_containing(m.indicator.frequency, m.period_start).label,
            m.value,
            m.comment,
            m.period_start,
            m.period_end,
            selectors.progress_percent(
                selectors.compute_progress(m.value, m.indicator.baseline_value, m.indicator.target_value)
            ),
        ]
        for m in measurements
    ]
    # The first four columns are the import format: an export can be
    # corrected and imported back.
    return tabular_response(f"plan-{plan.pk}-measurements", fmt, _("Measurements"), header, rows)


def _print_context(request: HttpRequest, pk: int) -> dict:
    plan = _plan(request, pk)
    tree = selectors.label_tree(selectors.plan_tree(plan))
    return {"plan": plan, "edp": plan.edp, "tree": tree, "live": False, "printing": True}


@require_GET
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(render_to_string("plans/print.html", _print_context(request, pk), request=request))


@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML

    context = _print_context(request, pk)
    html = render_to_string("plans/print.html", {**context, "pdf": True}, request=request)
    # Only our own static files may be fetched while rendering; user text is
    # escaped, so it cannot point the renderer anywhere.
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_static_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{context["plan"].pk}.pdf"'
    return response


def _static_fetcher():
    """A WeasyPrint fetcher that serves our own static files from disk and
    refuses every other URL, so rendering a PDF never makes a network request.

    It resolves names through the configured static storage, so it works
    under production's hashed names (``css/plans-print.3f2a….css`` from
    ``{% static %}``) as well as in development (the finders)."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return _static_response(url)

    return StaticOnlyFetcher()


def _static_response(url: str):
    import mimetypes
    from urllib.parse import unquote, urlsplit

    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage
    from weasyprint.urls import URLFetcherResponse

    path = unquote(urlsplit(url).path)
    if not path.startswith(settings.STATIC_URL) or ".." in path.split("/"):
        raise ValueError(f"resource refused: {url}")
    name = path.removeprefix(settings.STATIC_URL)
    found = None
    try:  # collected files (hashed or not) under STATIC_ROOT
        if staticfiles_storage.exists(name):
            found = staticfiles_storage.path(name)
    except NotImplementedError:  # a storage without local paths
        found = None
    found = found or finders.find(name)
    if not found:
        raise ValueError(f"resource refused: {url}")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    with open(found, "rb") as handle:
        return URLFetcherResponse(url, body=handle.read(), headers={"Content-Type": content_type})
