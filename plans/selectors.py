"""Reads shared by the plan page, the adopted snapshots, the dashboard and
the exports. Each reads a whole plan in a fixed number of queries (one per
level of the tree), whatever its size."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as content_language

from stakeholders.choices import Helix

from .choices import (
    TOO_FREQUENT,
    ActionStatus,
    BudgetSource,
    Frequency,
    IndicatorType,
    Instrument,
    NationalProgramme,
    PlanStatus,
    PolicyArea,
    SteeringRole,
)
from .models import (
    Action,
    ActionPlan,
    Challenge,
    Indicator,
    IndicatorMeasurement,
    Objective,
    PlanPriority,
    PlanVersion,
    SteeringBodyMember,
)
from .periods import period_containing, periods_between
from .progress import compute_progress, progress_percent, target_path_value

MAX_INDICATORS_PER_OBJECTIVE = 5
# A report is overdue this long after its period ends.
REPORTING_GRACE_DAYS = 30


def plans_of_edp(edp) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(edp=edp).select_related("priority", "edp").order_by("id")


def plan_get(pk: int) -> ActionPlan:
    return ActionPlan.objects.select_related("edp__region", "priority").get(pk=pk)


def plan_version(plan: ActionPlan, number: int) -> PlanVersion:
    version = plan.versions.select_related("adopted_by").get(number=number)
    version.plan = plan
    return version


def plan_node(plan: ActionPlan, model, pk: int):
    """A node (challenge, plan priority, objective, action, indicator) of this plan."""
    node = model.objects.get(plan=plan, pk=pk)
    node.plan = plan
    return node


def plan_action(plan: ActionPlan, pk: int) -> Action:
    action = Action.objects.select_related("lead_organisation").get(plan=plan, pk=pk)
    action.plan = plan
    return action


def plan_actions(plan: ActionPlan) -> list[Action]:
    actions = list(Action.objects.filter(plan=plan).select_related("lead_organisation"))
    for action in actions:
        action.plan = plan
    return actions


def steering_member(plan: ActionPlan, pk: int) -> SteeringBodyMember:
    member = SteeringBodyMember.objects.get(plan=plan, pk=pk)
    member.plan = plan
    return member


def measurement(plan: ActionPlan, pk: int) -> IndicatorMeasurement:
    found = IndicatorMeasurement.objects.select_related("indicator__responsible_organisation").get(
        indicator__plan=plan, pk=pk
    )
    found.indicator.plan = plan
    return found


def plan_indicators(plan: ActionPlan) -> QuerySet[Indicator]:
    return Indicator.objects.filter(plan=plan).order_by("order", "id")


def plan_consultation(plan: ActionPlan):
    """The public consultation the plan's current version went to, if any."""
    if plan.consultation_id is None:
        return None
    from consultations.models import Consultation

    return Consultation.objects.filter(pk=plan.consultation_id).first()


def plan_problems(plan: ActionPlan) -> list[str]:
    """What must be fixed before a plan can go out for consultation or adoption."""
    problems = []
    if not plan.vision.strip():
        problems.append(_("The plan has no vision statement."))
    if not plan.challenges.exists():
        problems.append(_("The plan has no challenge."))
    if not plan.actions.exists():
        problems.append(_("The plan has no action."))
    if not plan.indicators.filter(type=IndicatorType.OUTCOME).exists():
        problems.append(_("The plan has no outcome indicator: say what should change, not only what is delivered."))
    return problems


def plan_versions(plan: ActionPlan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan).select_related("adopted_by").defer("snapshot").order_by("number")


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def _indicators(plan: ActionPlan, monitoring: bool) -> list[Indicator]:
    qs = Indicator.objects.filter(plan=plan).select_related("responsible_organisation").order_by("order", "id")
    if monitoring:
        latest = IndicatorMeasurement.objects.filter(indicator=OuterRef("pk")).order_by("-period_start")
        qs = qs.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_period_end=Subquery(latest.values("period_end")[:1]),
        )
    return list(qs)


def _texts(obj, *fields: str) -> dict:
    """The plan's own words: each field in the active language (with
    fallback), and under ``<field>_i18n`` its text in every language, so
    that an adopted snapshot still reads in the reader's language
    (``label_tree`` picks it)."""
    data: dict = {}
    for name in fields:
        data[name] = getattr(obj, name)
        data[f"{name}_i18n"] = {
            lang: text
            for lang in settings.MODELTRANSLATION_LANGUAGES
            if (text := getattr(obj, build_localized_fieldname(name, lang), None))
        }
    return data


def _localise(node: dict) -> None:
    """Replaces each text of ``node`` that has translations by the one in the
    active language, falling back as the models do. Snapshots adopted before
    plans were translatable have no ``_i18n`` and keep their text."""
    order = resolution_order(content_language())
    for key in [k for k in node if k.endswith("_i18n")]:
        texts = node[key]
        found = next((texts[lang] for lang in order if texts.get(lang)), None)
        if found is not None:
            node[key.removesuffix("_i18n")] = found


def indicator_dict(indicator: Indicator, monitoring: bool) -> dict:
    data = {
        "id": indicator.pk,
        "code": indicator.code,
        **_texts(indicator, "name"),
        "type": indicator.type,
        "unit": indicator.unit,
        "baseline_value": _num(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "target_value": _num(indicator.target_value),
        "target_year": indicator.target_year,
        "frequency": indicator.frequency,
        "data_source": indicator.data_source,
        "responsible": indicator.responsible_organisation.name,
        "responsible_id": indicator.responsible_organisation_id,
        "national_programme": indicator.national_programme,
        "national_target": indicator.national_target,
    }
    if monitoring:
        latest = getattr(indicator, "latest_value", None)
        ratio = compute_progress(latest, indicator.baseline_value, indicator.target_value)
        data["latest_value"] = _num(latest)
        end = getattr(indicator, "latest_period_end", None)
        data["latest_period_end"] = end.isoformat() if end else None
        data["progress"] = progress_percent(ratio)
    return data


def plan_tree(plan: ActionPlan, *, monitoring: bool = True) -> dict:
    """The whole plan as plain data (JSON-able: adopted snapshots store it).

    Choice fields hold their keys; ``label_tree`` adds the labels in the
    reader's language, so an old snapshot reads in Kazakh as well as English."""
    challenges = list(Challenge.objects.filter(plan=plan).order_by("order", "id"))
    priorities = list(PlanPriority.objects.filter(plan=plan).order_by("order", "id"))
    objectives = list(Objective.objects.filter(plan=plan).order_by("order", "id"))
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("lead_organisation")
        .prefetch_related("partners", "budget_lines")
        .order_by("order", "id")
    )
    indicators = _indicators(plan, monitoring)
    steering = list(SteeringBodyMember.objects.filter(plan=plan).select_related("organisation"))

    indicators_of_objective: dict[int, list[dict]] = defaultdict(list)
    indicators_of_action: dict[int, list[dict]] = defaultdict(list)
    for indicator in indicators:
        data = indicator_dict(indicator, monitoring)
        if indicator.objective_id:
            indicators_of_objective[indicator.objective_id].append(data)
        else:
            indicators_of_action[indicator.action_id].append(data)

    budget_by_source: Counter = Counter()
    budget_by_area: Counter = Counter()
    partner_orgs: dict[int, str] = {}
    actions_of: dict[int, list[dict]] = defaultdict(list)
    for action in actions:
        lines = sorted(action.budget_lines.all(), key=lambda line: BudgetSource.values.index(line.source))
        for line in lines:
            budget_by_source[line.source] += line.amount_kzt
        budget_by_area[action.policy_area] += action.budget_kzt
        partners = sorted(action.partners.all(), key=lambda o: o.name)
        for org in [action.lead_organisation, *partners]:
            partner_orgs[org.pk] = org.helix
        actions_of[action.objective_id].append(
            {
                "id": action.pk,
                **_texts(action, "title", "description"),
                "policy_area": action.policy_area,
                "lead": action.lead_organisation.name,
                "lead_id": action.lead_organisation_id,
                "lead_helix": action.lead_organisation.helix,
                "partners": [{"name": o.name, "helix": o.helix} for o in partners],
                "start_date": action.start_date.isoformat(),
                "end_date": action.end_date.isoformat(),
                "budget": _num(action.budget_kzt),
                "budget_lines": [{"source": line.source, "amount": _num(line.amount_kzt)} for line in lines],
                "instrument": action.instrument,
                "instrument_detail": action.instrument_detail,
                "status": action.status,
                "indicators": indicators_of_action.get(action.pk, []),
            }
        )

    objectives_of: dict[int, list[dict]] = defaultdict(list)
    nudges: list[dict] = []
    for objective in objectives:
        own = indicators_of_objective.get(objective.pk, [])
        if len(own) > MAX_INDICATORS_PER_OBJECTIVE:
            nudges.append({"kind": "too_many_indicators", "objective": objective.title, "count": len(own)})
        objectives_of[objective.plan_priority_id].append(
            {
                "id": objective.pk,
                **_texts(objective, "title", "description"),
                "indicators": own,
                "actions": actions_of.get(objective.pk, []),
            }
        )
    priorities_of: dict[int, list[dict]] = defaultdict(list)
    for priority in priorities:
        priorities_of[priority.challenge_id].append(
            {
                "id": priority.pk,
                **_texts(priority, "title", "description"),
                "objectives": objectives_of.get(priority.pk, []),
            }
        )
    tree_challenges = [
        {"id": c.pk, **_texts(c, "title", "description"), "priorities": priorities_of.get(c.pk, [])} for c in challenges
    ]
    _number(tree_challenges)

    if indicators and not any(i.type == IndicatorType.OUTCOME for i in indicators):
        nudges.append({"kind": "no_outcome"})
    elif not indicators:
        nudges.append({"kind": "no_indicators"})
    for indicator in indicators:
        if indicator.frequency in TOO_FREQUENT:
            nudges.append({"kind": "too_frequent", "indicator": f"{indicator.code} {indicator.name}"})
    steering_helices = Counter(m.organisation.helix for m in steering)
    missing = [h for h in Helix.values if not steering_helices[h]]
    if steering and missing:
        nudges.append({"kind": "steering_missing_helix", "helices": missing})

    return {
        "plan": {
            "id": plan.pk,
            **_texts(plan, "title", "vision"),
            "version": plan.version,
            "status": plan.status,
        },
        "steering": [
            {
                "organisation": m.organisation.name,
                "helix": m.organisation.helix,
                "person_name": m.person_name,
                "role": m.role,
                "id": m.pk,
            }
            for m in sorted(steering, key=lambda m: (SteeringRole.values.index(m.role), m.organisation.name))
        ],
        "steering_mix": [{"helix": h, "count": steering_helices[h]} for h in Helix.values],
        "partner_mix": [{"helix": h, "count": sum(1 for v in partner_orgs.values() if v == h)} for h in Helix.values],
        "budget_total": _num(sum((a.budget_kzt for a in actions), Decimal(0))),
        "budget_by_source": [
            {"key": s, "amount": _num(budget_by_source[s])} for s in BudgetSource.values if budget_by_source[s]
        ],
        "budget_by_area": [
            {"key": a, "amount": _num(budget_by_area[a])} for a in PolicyArea.values if budget_by_area[a]
        ],
        "challenges": tree_challenges,
        "counts": {
            "challenges": len(challenges),
            "priorities": len(priorities),
            "objectives": len(objectives),
            "actions": len(actions),
            "indicators": len(indicators),
        },
        "nudges": nudges,
    }


def _number(challenges: list[dict]) -> None:
    for i, challenge in enumerate(challenges, 1):
        challenge["number"] = f"{i}"
        for j, priority in enumerate(challenge["priorities"], 1):
            priority["number"] = f"{i}.{j}"
            for k, objective in enumerate(priority["objectives"], 1):
                objective["number"] = f"{i}.{j}.{k}"
                for n, action in enumerate(objective["actions"], 1):
                    action["number"] = f"{i}.{j}.{k}.{n}"


def _label(choices, key) -> str:
    try:
        return str(choices(key).label)
    except ValueError:
        return str(key)


def _label_indicator(data: dict) -> None:
    _localise(data)
    data["type_label"] = _label(IndicatorType, data["type"])
    data["frequency_label"] = _label(Frequency, data["frequency"])
    data["too_frequent"] = data["frequency"] in TOO_FREQUENT
    data["national_programme_label"] = (
        _label(NationalProgramme, data["national_programme"]) if data["national_programme"] else ""
    )


def label_tree(tree: dict) -> dict:
    """Adds display labels (in the active language) to a plan tree, in place,
    and puts its texts in the active language."""
    tree["plan"]["status_label"] = _label(PlanStatus, tree["plan"]["status"])
    _localise(tree["plan"])
    helix_label = {h.value: str(h.label) for h in Helix}
    for member in tree["steering"]:
        member["helix_label"] = helix_label.get(member["helix"], member["helix"])
        member["role_label"] = _label(SteeringRole, member["role"])
    for key in ("steering_mix", "partner_mix"):
        for row in tree[key]:
            row["label"] = helix_label[row["helix"]]
    for row in tree["budget_by_source"]:
        row["label"] = _label(BudgetSource, row["key"])
    for row in tree["budget_by_area"]:
        row["label"] = _label(PolicyArea, row["key"])
    for challenge in tree["challenges"]:
        _localise(challenge)
        for priority in challenge["priorities"]:
            _localise(priority)
            for objective in priority["objectives"]:
                _localise(objective)
                for indicator in objective["indicators"]:
                    _label_indicator(indicator)
                for action in objective["actions"]:
                    _localise(action)
                    action["policy_area_label"] = _label(PolicyArea, action["policy_area"])
                    action["status_label"] = _label(ActionStatus, action["status"])
                    action["instrument_label"] = (
                        _label(Instrument, action["instrument"]) if action["instrument"] else ""
                    )
                    action["lead_helix_label"] = helix_label.get(action["lead_helix"], "")
                    for partner in action["partners"]:
                        partner["helix_label"] = helix_label.get(partner["helix"], "")
                    for line in action["budget_lines"]:
                        line["label"] = _label(BudgetSource, line["source"])
                    for indicator in action["indicators"]:
                        _label_indicator(indicator)
    messages = []
    for nudge in tree["nudges"]:
        kind = nudge["kind"]
        if kind == "too_many_indicators":
            text = _(
                "The objective “%(o)s” has %(n)s indicators. Fewer but better indicators are easier to report "
                "honestly: keep at most five."
            ) % {"o": nudge["objective"], "n": nudge["count"]}
        elif kind == "no_outcome":
            text = _(
                "The plan has no outcome indicator: add at least one that measures what changes for the region, "
                "not only what is delivered."
            )
        elif kind == "no_indicators":
            text = _("The plan has no indicators yet: add input, output and outcome indicators to its objectives.")
        elif kind == "too_frequent":
            text = _(
                "“%(i)s” is to be reported more often than monthly. Such frequent reporting tends to become "
                "box-ticking: prefer monthly or less."
            ) % {"i": nudge["indicator"]}
        else:
            text = _("The steering body has no member from: %(h)s.") % {
                "h": ", ".join(helix_label[h] for h in nudge["helices"])
            }
        messages.append(text)
    tree["nudge_messages"] = messages
    return tree


def chart_data(tree: dict) -> dict:
    """What the plan's charts draw (passed to the page with json_script)."""
    return {
        "steering_mix": {
            "labels": [r["label"] for r in tree["steering_mix"]],
            "values": [r["count"] for r in tree["steering_mix"]],
        },
        "partner_mix": {
            "labels": [r["label"] for r in tree["partner_mix"]],
            "values": [r["count"] for r in tree["partner_mix"]],
        },
        "budget_by_source": {
            "labels": [r["label"] for r in tree["budget_by_source"]],
            "values": [float(r["amount"]) for r in tree["budget_by_source"]],
        },
        "budget_by_area": {
            "labels": [r["label"] for r in tree["budget_by_area"]],
            "values": [float(r["amount"]) for r in tree["budget_by_area"]],
        },
    }


def indicator_get(plan: ActionPlan, pk: int) -> Indicator:
    return Indicator.objects.select_related("plan__edp__region", "responsible_organisation", "objective", "action").get(
        plan=plan, pk=pk
    )


def indicator_measurements(indicator: Indicator) -> QuerySet[IndicatorMeasurement]:
    return (
        IndicatorMeasurement.objects.filter(indicator=indicator).select_related("reported_by").order_by("period_start")
    )


def indicator_chart(indicator: Indicator, measurements: list[IndicatorMeasurement]) -> dict:
    """Actual values against the straight target path, per reported period."""
    labels, actual, path = [], [], []

    def point(label: str, on: date, value) -> None:
        labels.append(label)
        actual.append(None if value is None else float(value))
        path.append(
            float(
                target_path_value(
                    baseline=indicator.baseline_value,
                    baseline_year=indicator.baseline_year,
                    target=indicator.target_value,
                    target_year=indicator.target_year,
                    on=on,
                )
            )
        )

    if indicator.baseline_year is not None:
        point(
            _("Baseline %(y)s") % {"y": indicator.baseline_year},
            date(indicator.baseline_year, 12, 31),
            indicator.baseline_value,
        )
    for m in measurements:
        point(period_containing(indicator.frequency, m.period_start).label, m.period_end, m.value)
    point(_("Target %(y)s") % {"y": indicator.target_year}, date(indicator.target_year, 12, 31), None)
    return {
        "labels": labels,
        "actual": actual,
        "path": path,
        "unit": indicator.unit,
        "actual_label": _("Reported value"),
        "path_label": _("Target path"),
    }


def _indicator_challenges(plan: ActionPlan) -> list[Indicator]:
    latest = IndicatorMeasurement.objects.filter(indicator=OuterRef("pk")).order_by("-period_start")
    return list(
        Indicator.objects.filter(plan=plan)
        .select_related("responsible_organisation", "objective__plan_priority", "action__objective__plan_priority")
        .annotate(latest_value=Subquery(latest.values("value")[:1]))
        .order_by("order", "id")
    )


def overdue_reports(plan: ActionPlan, indicators: list[Indicator], today: date | None = None) -> list[dict]:
    """Periods since adoption whose report is missing REPORTING_GRACE_DAYS
    after the period ended, oldest first."""
    if not plan.first_adopted_at:
        return []
    today = today or timezone.localdate()
    start = timezone.localdate(plan.first_adopted_at)
    reported: dict[int, set[date]] = defaultdict(set)
    for indicator_id, period_start in IndicatorMeasurement.objects.filter(indicator__plan=plan).values_list(
        "indicator_id", "period_start"
    ):
        reported[indicator_id].add(period_start)
    overdue = []
    for indicator in indicators:
        last_day = min(today - timedelta(days=REPORTING_GRACE_DAYS), date(indicator.target_year, 12, 31))
        for period in periods_between(indicator.frequency, start, last_day):
            due = period.end + timedelta(days=REPORTING_GRACE_DAYS)
            if due < today and period.start not in reported[indicator.pk]:
                overdue.append(
                    {
                        "indicator": indicator,
                        "period": period.label,
                        "due": due,
                        "days_late": (today - due).days,
                    }
                )
    overdue.sort(key=lambda row: (row["due"], row["indicator"].code))
    return overdue


def _mean(values: list[Decimal]) -> int | None:
    return progress_percent(sum(values, Decimal(0)) / len(values)) if values else None


def plan_dashboard(plan: ActionPlan) -> dict:
    indicators = _indicator_challenges(plan)
    challenges = list(Challenge.objects.filter(plan=plan).order_by("order", "id"))
    by_challenge: dict[int, list[Decimal]] = defaultdict(list)
    by_type: dict[str, list[Decimal]] = defaultdict(list)
    without_data = 0
    rows = []
    for indicator in indicators:
        ratio = compute_progress(indicator.latest_value, indicator.baseline_value, indicator.target_value)
        objective = indicator.objective or indicator.action.objective
        rows.append(
            {
                "indicator": indicator,
                "progress": progress_percent(ratio),
                "challenge_id": objective.plan_priority.challenge_id,
            }
        )
        if ratio is None:
            without_data += 1
            continue
        by_challenge[objective.plan_priority.challenge_id].append(ratio)
        by_type[indicator.type].append(ratio)
    status_counts = Counter(Action.objects.filter(plan=plan).values_list("status", flat=True))
    challenge_rows = [
        {"title": c.title, "number": i, "progress": _mean(by_challenge[c.pk]), "indicators": len(by_challenge[c.pk])}
        for i, c in enumerate(challenges, 1)
    ]
    type_rows = [
        {
            "key": t.value,
            "label": str(t.label),
            "progress": _mean(by_type[t.value]),
            "indicators": len(by_type[t.value]),
        }
        for t in IndicatorType
    ]
    return {
        "challenges": challenge_rows,
        "types": type_rows,
        "indicators": rows,
        "without_data": without_data,
        "overdue": overdue_reports(plan, indicators),
        "action_status": [
            {"key": s.value, "label": str(s.label), "count": status_counts[s.value]} for s in ActionStatus
        ],
        "chart": {
            "by_challenge": {
                "labels": [f"{r['number']}. {r['title']}" for r in challenge_rows],
                "values": [r["progress"] for r in challenge_rows],
            },
            "by_type": {"labels": [r["label"] for r in type_rows], "values": [r["progress"] for r in type_rows]},
            "label": _("Average progress towards target (%)"),
        },
    }
