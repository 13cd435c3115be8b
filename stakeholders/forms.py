from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import HELIX_OF_KIND, Helix, OrganisationKind
from .models import Region, validate_bin


class KindSelect(forms.Select):
    """Each kind option carries its helix, so static/js/stakeholders.js can
    show only the kinds of the chosen helix (the server checks it anyway)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-helix"] = HELIX_OF_KIND.get(str(value), "")
        return option


class OrganisationRegisterForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=200, required=False)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=200, required=False)
    helix = forms.ChoiceField(
        label=_("Helix"),
        choices=[("", "—"), *Helix.choices],
        help_text=_("Government, industry, academia and research, or civil society."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
        widget=KindSelect(attrs={"data-kind-for-helix": "id_helix"}),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"))
    bin = forms.CharField(
        label=_("BIN"),
        max_length=12,
        required=False,
        validators=[validate_bin],
        help_text=_("Business identification number: 12 digits. Optional for informal groups."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description_en = forms.CharField(
        label=_("Description in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_ru = forms.CharField(
        label=_("Description in Russian"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_kk = forms.CharField(
        label=_("Description in Kazakh"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(f, "").strip() for f in ("name_en", "name_ru", "name_kk")):
            self.add_error("name_en", _("Give the organisation's name in at least one language."))
        helix, kind = data.get("helix"), data.get("kind")
        if helix and kind and HELIX_OF_KIND.get(kind) != helix:
            self.add_error("kind", _("This kind of organisation does not belong to the chosen helix."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", _("Verify")), ("refuse", _("Refuse verification"))])
