from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from .models import EvaluationSettings


class StyledForm:
    """Bootstrap classes on every visible control."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
            if isinstance(widget, forms.Select):
                css = "form-select"
            widget.attrs.setdefault("class", css)


class CriterionForm(StyledForm, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=150)
    guidance = forms.CharField(
        label=_("Guidance for evaluators"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)
    scale_min = forms.IntegerField(label=_("Lowest score"), initial=1, min_value=-100, max_value=100)
    scale_max = forms.IntegerField(label=_("Highest score"), initial=5, min_value=-100, max_value=100)

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The highest score must be above the lowest score."))
        return data


CriterionFormSet = formset_factory(CriterionForm, extra=1, can_delete=True, max_num=20, validate_max=True)


class EvaluationSettingsForm(StyledForm, forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ["reviewers_per_idea", "max_load", "deadline", "disagreement_threshold"]
        widgets = {"deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
