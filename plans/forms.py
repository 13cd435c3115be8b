import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField
from priorities.models import CandidatePriority
from stakeholders.models import Organisation

from .choices import ActionStatus, BudgetSource
from .models import Action, ActionPlan, Challenge, Indicator, Objective, PlanPriority, SteeringBodyMember
from .periods import periods_between


class StyledFormMixin:
    """Bootstrap classes on every widget, and help texts tied to their field
    for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        for name, field in self.fields.items():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{name}-help")


def _organisations():
    return Organisation.objects.exclude(verification=Organisation.Verification.REJECTED).order_by("name")


class PlanCreateForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["priority", "title", "vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, edp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = CandidatePriority.objects.filter(
            edp=edp, decision=CandidatePriority.Decision.SELECTED, action_plan__isnull=True
        )
        self.instance.edp = edp


class PlanEditForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 6})}


class SteeringMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SteeringBodyMember
        fields = ["organisation", "person_name", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["organisation"].label_from_instance = lambda o: f"{o.name} ({o.get_helix_display()})"


class _NodeForm(StyledFormMixin, forms.ModelForm):
    """Parent choices are limited to the plan being edited: ids from the
    client never reach another plan's nodes."""

    parent_field: str | None = None
    parent_model = None

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if self.parent_field:
            self.fields[self.parent_field].queryset = self.parent_model.objects.filter(plan=plan).order_by(
                "order", "id"
            )


class ChallengeForm(_NodeForm):
    class Meta:
        model = Challenge
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PlanPriorityForm(_NodeForm):
    parent_field, parent_model = "challenge", Challenge

    class Meta:
        model = PlanPriority
        fields = ["challenge", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ObjectiveForm(_NodeForm):
    parent_field, parent_model = "plan_priority", PlanPriority

    class Meta:
        model = Objective
        fields = ["plan_priority", "title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ActionForm(_NodeForm):
    parent_field, parent_model = "objective", Objective

    class Meta:
        model = Action
        fields = [
            "objective",
            "title",
            "description",
            "policy_area",
            "lead_organisation",
            "partners",
            "start_date",
            "end_date",
            "budget_kzt",
            "instrument",
            "instrument_detail",
            "order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = _organisations()
        self.fields["partners"].queryset = _organisations()
        self.fields["partners"].required = False
        existing = {}
        if self.instance.pk:
            existing = {line.source: line.amount_kzt for line in self.instance.budget_lines.all()}
        for source in BudgetSource:
            self.fields[f"budget_{source.value}"] = forms.DecimalField(
                label=_("of which: %(source)s (KZT)") % {"source": source.label},
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
                initial=existing.get(source.value),
            )
        self.style_fields()

    def budget_by_source(self) -> dict[str, Decimal]:
        return {s.value: self.cleaned_data.get(f"budget_{s.value}") or Decimal(0) for s in BudgetSource}

    def clean(self):
        data = super().clean()
        total = data.get("budget_kzt")
        if total is not None:
            lines = sum(self.budget_by_source().values(), Decimal(0))
            if lines != total:
                self.add_error(
                    "budget_kzt",
                    _("The amounts by source add up to %(lines)s KZT: they must equal the budget.")
                    % {"lines": f"{lines:,.2f}"},
                )
        return data


class IndicatorForm(_NodeForm):
    class Meta:
        model = Indicator
        fields = [
            "objective",
            "action",
            "code",
            "name",
            "type",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "frequency",
            "data_source",
            "responsible_organisation",
            "national_programme",
            "national_target",
            "order",
        ]
        help_texts = {
            "objective": _("An indicator measures one objective or, where useful, one action: choose one."),
            "frequency": _("Monthly or less often: more frequent reporting tends to become box-ticking."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["objective"].queryset = Objective.objects.filter(plan=self.plan).order_by("order", "id")
        self.fields["action"].queryset = Action.objects.filter(plan=self.plan).order_by("order", "id")
        self.fields["responsible_organisation"].queryset = _organisations()

    def clean(self):
        data = super().clean()
        if bool(data.get("objective")) == bool(data.get("action")):
            self.add_error("objective", _("Choose either an objective or an action, not both."))
        return data


class MeasurementForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    evidence = PrivateFileField(label=_("Evidence file"), required=False)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        today = timezone.localdate()
        start = timezone.localdate(indicator.plan.first_adopted_at) if indicator.plan.first_adopted_at else today
        periods = periods_between(indicator.frequency, start, today)
        self.periods = {p.label: p for p in periods}
        self.fields["period"].choices = [(p.label, p.label) for p in reversed(periods)]

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


class ActionStatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Measurements file"),
        help_text=_("CSV (UTF-8) or Excel .xlsx with the columns indicator, period, value, comment."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it into smaller files."))
        return upload


class TransitionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ConsultationDatesForm(StyledFormMixin, forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now + datetime.timedelta(days=30)
