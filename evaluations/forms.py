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
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
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


class ManualAssignmentForm(StyledForm, forms.Form):
    idea = forms.TypedChoiceField(label=_("Idea"), coerce=int)
    evaluator = forms.TypedChoiceField(label=_("Evaluator"), coerce=int)

    def __init__(self, *args, ideas=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].choices = [("", "—")] + [(i.pk, i.title) for i in ideas]
        self.fields["evaluator"].choices = [("", "—")] + [(m.user_id, f"{m.name} ({m.helix_label})") for m in members]


class EvaluatorCapForm(StyledForm, forms.Form):
    """One panel member's personal cap; empty falls back to the EDP-wide maximum."""

    max_ideas = forms.IntegerField(
        label=_("Most ideas"),
        required=False,
        min_value=0,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class ReasonForm(StyledForm, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ScoreForm(StyledForm, forms.Form):
    """One radio group and one justification per criterion, plus a comment."""

    comment = forms.CharField(
        label=_("Overall comment for the coordinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.name,
                choices=[(v, str(v)) for v in c.scale],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[f"justification_{c.pk}"] = forms.CharField(
                label=_("Justification"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                help_text=_("Required for the lowest and the highest score."),
            )

    def rows(self):
        for c in self.criteria:
            yield c, self[f"score_{c.pk}"], self[f"justification_{c.pk}"]


class DecisionForm(StyledForm, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=(), widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    feedback = forms.CharField(
        label=_("Feedback to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Required when the idea is not retained. The submitter sees it; evaluators are never named."),
    )

    def __init__(self, *args, **kwargs):
        from .models import IdeaDecision

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = IdeaDecision.Outcome.choices


class CandidateForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))
    ideas = forms.TypedMultipleChoiceField(
        label=_("Shortlisted ideas it groups"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, ideas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].choices = [(i.pk, i.title) for i in ideas]


class ConsensusForm(StyledForm, forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
