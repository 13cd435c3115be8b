"""Plan pages. Views parse input, check the permission declared in
plans/rules.py, call one service and render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access, permissions
from core.errors import DomainError
from core.forms import domain_error_to_form
from core.uploads import private_file_response

from . import forms, selectors, services
from .access import (
    action_for,
    edp_for,
    evidence_for,
    indicator_for,
    node_for,
    plan_for,
    steering_member_for,
    version_for,
)
from .choices import ActionStatus
from .models import Action, ActionPlan, Challenge, Indicator, Objective, PlanPriority
from .rules import PLAN_EDITABLE

NODE_KINDS = {
    "challenge": (Challenge, forms.ChallengeForm, _("challenge")),
    "priority": (PlanPriority, forms.PlanPriorityForm, _("plan priority")),
    "objective": (Objective, forms.ObjectiveForm, _("objective")),
    "action": (Action, forms.ActionForm, _("action")),
    "indicator": (Indicator, forms.IndicatorForm, _("indicator")),
}


@require_GET
def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug)
    plans = [p for p in selectors.plans_of_edp(edp) if permissions.check(request.user, "plans.view_plan", p)]
    return render(
        request,
        "plans/plan_list.html",
        {"edp": edp, "plans": plans, "can_add": access.can(request, "plans.add_plan", edp)},
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    edp = edp_for(request, slug, "plans.add_plan")
    form = forms.PlanCreateForm(request.POST or None, edp=edp)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                priority=form.cleaned_data["priority"],
                title=form.cleaned_data["title"],
                vision=form.cleaned_data["vision"],
                actor=request.user,
            )
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "edp": edp})


def _plan_context(request: HttpRequest, plan: ActionPlan) -> dict:
    tree = selectors.label_tree(selectors.plan_tree(plan))
    runs = access.can(request, "plans.transition_plan", plan)
    return {
        "plan": plan,
        "edp": plan.edp,
        "tree": tree,
        "charts": selectors.chart_data(tree),
        "versions": list(selectors.plan_versions(plan)),
        "can_edit": plan.is_editable and access.can(request, "plans.change_plan", plan),
        "can_transition": runs,
        "moves": _moves(request, plan) if runs else [],
        "can_import": access.can(request, "plans.import_measurements", plan),
        "live": True,
        "status_action_ids": _status_action_ids(request, plan),
        "consultation": selectors.plan_consultation(plan),
        "consultation_form": forms.ConsultationDatesForm(),
        "action_statuses": ActionStatus.choices,
    }


def _moves(request: HttpRequest, plan: ActionPlan) -> list[dict]:
    """The plan's transitions from where it stands, each with whether this
    person may make it now and, if not, why (a guard of this app or of
    another module, such as a public council holding back the adoption)."""
    lifecycle = ActionPlan.lifecycle
    here = lifecycle.state(plan)
    return [
        {
            "transition": t,
            "decision": lifecycle.can(plan, t.name, request.user),
            "template": f"plans/_transition_{t.name}.html",
        }
        for t in lifecycle.transitions
        if here in t.sources
    ]


def _status_action_ids(request: HttpRequest, plan: ActionPlan) -> set[int]:
    """Actions whose status this person may update (``plans.update_action_status``)."""
    user = request.user
    if not user.is_authenticated:
        return set()
    return {a.pk for a in selectors.plan_actions(plan) if permissions.check(user, "plans.update_action_status", a)}


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    return render(request, "plans/plan_detail.html", _plan_context(request, plan))


@require_GET
def plan_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = version_for(request, pk, number)
    plan = version.plan
    tree = selectors.label_tree(version.snapshot)
    return render(
        request,
        "plans/version_detail.html",
        {
            "plan": plan,
            "edp": plan.edp,
            "version": version,
            "tree": tree,
            "charts": selectors.chart_data(tree),
            "live": False,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, "plans.change_plan")
    form = forms.PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan, title=form.cleaned_data["title"], vision=form.cleaned_data["vision"], actor=request.user
            )
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "edp": plan.edp, "plan": plan, "frozen": PLAN_EDITABLE.refusal(request.user, plan)},
    )


@require_http_methods(["GET", "POST"])
def steering_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, "plans.change_plan")
    form = forms.SteeringMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.steering_member_add(plan=plan, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#steering")
    return render(
        request,
        "plans/node_form.html",
        {
            "form": form,
            "plan": plan,
            "edp": plan.edp,
            "kind_label": _("steering body member"),
            "frozen": PLAN_EDITABLE.refusal(request.user, plan),
        },
    )


@require_POST
def steering_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = steering_member_for(request, pk, member_pk)
    try:
        services.steering_member_remove(member=member, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("plans:detail", args=[member.plan.pk]) + "#steering")


@require_http_methods(["GET", "POST"])
def node_edit(request: HttpRequest, pk: int, kind: str, node_pk: int | None = None) -> HttpResponse:
    """Adds or changes one node of the plan's tree (challenge … indicator)."""
    if kind not in NODE_KINDS:
        raise Http404
    model, form_class, label = NODE_KINDS[kind]
    if node_pk:
        instance = node_for(request, pk, model, node_pk)
        plan = instance.plan
    else:
        plan = plan_for(request, pk, "plans.change_plan")
        instance = model(plan=plan)
    initial = {}
    if not node_pk and form_class.parent_field and request.GET.get("parent", "").isdigit():
        initial[form_class.parent_field] = int(request.GET["parent"])
    if kind == "indicator" and not node_pk:
        for parent in ("objective", "action"):
            if request.GET.get(parent, "").isdigit():
                initial[parent] = int(request.GET[parent])
    form = form_class(request.POST or None, instance=instance, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        node = form.save(commit=False)
        try:
            if kind == "action":
                services.action_save(
                    plan=plan,
                    action=node,
                    partners=list(form.cleaned_data["partners"]),
                    budget_by_source=form.budget_by_source(),
                    actor=request.user,
                )
            elif kind == "indicator":
                services.indicator_save(plan=plan, indicator=node, actor=request.user)
            else:
                services.plan_node_save(plan=plan, node=node, actor=request.user)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("plans:detail", args=[plan.pk]) + f"#{kind}-{node.pk}")
    return render(
        request,
        "plans/node_form.html",
        {
            "form": form,
            "plan": plan,
            "edp": plan.edp,
            "kind_label": label,
            "instance": instance if node_pk else None,
            "frozen": PLAN_EDITABLE.refusal(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
def node_delete(request: HttpRequest, pk: int, kind: str, node_pk: int) -> HttpResponse:
    if kind not in NODE_KINDS:
        raise Http404
    model, _form, label = NODE_KINDS[kind]
    node = node_for(request, pk, model, node_pk)
    plan = node.plan
    if request.method == "POST":
        try:
            services.plan_node_delete(plan=plan, node=node, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "plan": plan,
            "edp": plan.edp,
            "node": node,
            "kind_label": label,
            "frozen": PLAN_EDITABLE.refusal(request.user, plan),
        },
    )


@require_POST
def plan_transition(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    """Moves the plan along its lifecycle (``to`` is the transition's name).
    Who may is checked here; what must hold first (the status, the guards of
    this app and of other modules) is the lifecycle's answer, shown as the
    message when it refuses."""
    try:
        ActionPlan.lifecycle.transition(to)
    except LookupError:
        raise Http404 from None
    plan = plan_for(request, pk, "plans.transition_plan")
    form = forms.TransitionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if to == "adopt":
            services.plan_adopt(plan=plan, actor=request.user, note=reason)
        elif to == "revise":
            services.plan_revise(plan=plan, actor=request.user, reason=reason)
        elif to == "monitor":
            services.plan_start_monitoring(plan=plan, actor=request.user)
        else:
            dates = forms.ConsultationDatesForm(request.POST)
            if not dates.is_valid():
                raise DomainError(" ".join(e for errors in dates.errors.values() for e in errors))
            services.plan_send_to_consultation(plan=plan, actor=request.user, **dates.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        plan = selectors.plan_get(pk)
        messages.success(request, _("The plan is now “%(s)s”.") % {"s": plan.get_status_display()})
    return redirect("plans:detail", pk=plan.pk)


@require_GET
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    dashboard = selectors.plan_dashboard(plan)
    overdue_page = Paginator(dashboard["overdue"], 25).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/dashboard.html",
        {"plan": plan, "edp": plan.edp, "dashboard": dashboard, "page": overdue_page},
    )


@require_http_methods(["GET", "POST"])
def indicator_detail(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    indicator = indicator_for(request, pk, indicator_pk)
    plan = indicator.plan
    report = access.can(request, "plans.report_measurement", indicator)
    form = forms.MeasurementForm(indicator=indicator) if report else None
    if request.method == "POST":
        access.require(request, "plans.report_measurement", indicator)
        form = forms.MeasurementForm(request.POST, request.FILES, indicator=indicator)
        if form.is_valid():
            try:
                services.measurement_report(
                    indicator=indicator,
                    period=form.cleaned_data["period"],
                    value=form.cleaned_data["value"],
                    comment=form.cleaned_data["comment"],
                    evidence=form.cleaned_data.get("evidence"),
                    actor=request.user,
                )
            except DomainError as exc:
                domain_error_to_form(form, exc)
            else:
                messages.success(request, _("The measurement was recorded."))
                return redirect("plans:indicator", pk=plan.pk, indicator_pk=indicator.pk)
    measurements = list(selectors.indicator_measurements(indicator))
    data = selectors.indicator_dict(indicator, monitoring=False)
    selectors._label_indicator(data)
    rows = [
        {
            "m": m,
            "progress": selectors.progress_percent(
                selectors.compute_progress(m.value, indicator.baseline_value, indicator.target_value)
            ),
        }
        for m in measurements
    ]
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "plan": plan,
            "edp": plan.edp,
            "indicator": indicator,
            "data": data,
            "rows": rows,
            "chart": selectors.indicator_chart(indicator, measurements),
            "form": form,
            # Why reporting is closed, to the signed-in (the public need no explanation).
            "report_closed": report.reason if request.user.is_authenticated else "",
            "can_see_evidence": access.can(request, "plans.view_evidence", indicator),
        },
    )


@require_GET
def evidence_download(request: HttpRequest, pk: int, measurement_pk: int) -> HttpResponse:
    measurement = evidence_for(request, pk, measurement_pk)
    return private_file_response(
        request,
        file=measurement.evidence,
        download_name=measurement.evidence_name or "evidence",
        content_type=measurement.evidence_content_type or "application/octet-stream",
        perm="plans.view_evidence",
        obj=measurement.indicator,
    )


@require_POST
def action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = action_for(request, pk, action_pk)
    plan = action.plan
    form = forms.ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_status_update(action=action, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The action's status was updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(reverse("plans:detail", args=[plan.pk]) + f"#action-{action.pk}")


@require_http_methods(["GET", "POST"])
def measurements_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, "plans.import_measurements")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.measurements_import(plan=plan, upload=form.cleaned_data["file"], actor=request.user)
        except DomainError as exc:
            domain_error_to_form(form, exc)
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(c)s new and %(u)s corrected measurements.")
                    % {"c": result.created, "u": result.updated},
                )
                return redirect("plans:dashboard", pk=plan.pk)
    indicators = selectors.plan_indicators(plan)
    return render(
        request,
        "plans/import.html",
        {"plan": plan, "edp": plan.edp, "form": form, "result": result, "indicators": indicators},
    )
