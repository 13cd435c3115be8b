from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from edp import selectors as edp_selectors
from edp.models import RegionFact
from plans.forms import StyledFormMixin
from stakeholders.models import Organisation

from .models import CandidatePriority, PrioritySelection, SelectionVote


class SelectionSettingsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PrioritySelection
        fields = ["min_priorities", "max_priorities", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=CandidatePriority.Decision.choices)
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("Published with the decision: say what in the evidence led to it."),
    )


class VoteForm(StyledFormMixin, forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=SelectionVote.Choice.choices)
    rationale = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class SteeringCommitteeForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("Email address of the person"))
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.order_by("name"), required=False
    )
    has_vote = forms.BooleanField(label=_("Has a vote in the selection"), required=False, initial=True)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Nobody with this email address has an account on the platform."))
        self.cleaned_data["user"] = user
        return email


class RegionFactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: RegionFact) -> str:
        return _("%(indicator)s: %(value)s %(unit)s in %(year)s (%(source)s)") % {
            "indicator": obj.indicator,
            "value": number_format(obj.value.normalize(), use_l10n=True, force_grouping=True),
            "unit": obj.unit,
            "year": obj.year,
            "source": obj.source,
        }


class CandidateForm(StyledFormMixin, forms.ModelForm):
    """A candidate's text and, ticked from the facts of the EDP's region
    only, the facts that support it (shown in its evidence panel)."""

    supporting_facts = RegionFactChoiceField(
        label=_("Region facts that support it"),
        queryset=RegionFact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Tick the statistics that show why the region could specialise in this. Only these are shown."),
        error_messages={
            "invalid_choice": _(
                "Choose among the facts about this region only: facts about another region are refused."
            )
        },
    )

    class Meta:
        model = CandidatePriority
        fields = ["title", "summary", "order", "supporting_facts"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, edp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporting_facts"].queryset = edp_selectors.facts_for(edp.region)
