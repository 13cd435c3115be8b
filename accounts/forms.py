from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Shown next to what you write. Leave empty to appear as a participant number."),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Shown next to what you write. Leave empty to appear as a participant number."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        help_text=_("The platform and its emails use this language."),
    )
    region = forms.ModelChoiceField(
        label=_("Region of residence"),
        queryset=None,
        required=False,
        empty_label=_("Not specified"),
        help_text=_("Lets coordinators see which regions take part. Never shown next to your name."),
    )
    helix = forms.ChoiceField(
        label=_("I take part mainly as…"),
        required=False,
        help_text=_(
            "Optional. People who do not choose count as civil society; your organisations' helix is not changed."
        ),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from stakeholders.choices import Helix
        from stakeholders.models import Region

        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = [("", _("Browser's language")), *settings.LANGUAGES]
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.fields["helix"].choices = [("", _("Not specified (civil society)")), *Helix.choices]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask for it so that nobody else can delete your account from an unattended computer."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        required=True,
    )
