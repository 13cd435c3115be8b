"""Forms of the EDP app. They parse and validate input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import PrivateFileField
from stakeholders.choices import Helix, OrganisationKind
from stakeholders.models import Organisation, Region

from .models import EDP, AssetDimension, EDPRole, Idea, Meeting, RegionalAsset, SWOTEntry
from .workflow import Stage


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EDPCreateForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"))
    owner = forms.ModelChoiceField(
        label=_("Owning akimat"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.AKIMAT, verification="verified"),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Public address"), max_length=80, help_text=_("Letters, digits and hyphens, e.g. pavlodar-2026")
    )
    period_start = forms.IntegerField(label=_("Period start year"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Period end year"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_staff:
            # Akimat staff start EDPs only for the akimats they belong to.
            self.fields["owner"].queryset = self.fields["owner"].queryset.filter(
                memberships__user=user, memberships__status="active"
            )
            self.fields["region"].queryset = Region.objects.filter(
                organisations__in=self.fields["owner"].queryset
            ).distinct()


class EDPSettingsForm(forms.ModelForm):
    class Meta:
        model = EDP
        fields = ["title", "description", "period_start", "period_end", "ideas_close_at", "underrepresented_share"]
        widgets = {"ideas_close_at": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def clean_underrepresented_share(self):
        value = self.cleaned_data["underrepresented_share"]
        if not 1 <= value <= 50:
            raise forms.ValidationError(_("Choose a share between 1% and 50%."))
        return value


class StagePlanForm(forms.Form):
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())


class TransitionForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Note for the timeline (optional)"), required=False, max_length=2000)


class ReopenForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Stage to reopen"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Why is it reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown to everyone on the public timeline."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=EDPRole.Role.choices)


class AssetForm(forms.ModelForm):
    class Meta:
        model = RegionalAsset
        fields = [
            "dimension",
            "title",
            "description",
            "is_immobile",
            "evidence_source",
            "evidence_figure",
            "evidence_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SWOTForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=SWOTEntry.Quadrant.choices)
    text = forms.CharField(label=_("Entry"), max_length=500)
    meeting = forms.ModelChoiceField(
        label=_("Meeting where it came up"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, edp: EDP, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(edp=edp)


class SWOTCurateForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=SWOTEntry.Status.choices)
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=SWOTEntry.Quadrant.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FactForm(forms.Form):
    indicator = forms.CharField(label=_("Indicator"), max_length=120)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=4)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    source = forms.CharField(label=_("Source"), max_length=200)
    source_url = forms.URLField(label=_("Source link"), required=False, assume_scheme="https")


class FactImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: indicator, value, unit, year, source, source_url (UTF-8, comma or semicolon)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB: split it."))
        return upload


class MeetingForm(forms.ModelForm):
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("One item per line.")
    )
    topics = forms.CharField(label=_("Topics"), required=False, help_text=_("Separated by commas."))

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "duration_minutes",
            "venue",
            "online_url",
            "capacity",
            "facilitator",
        ]
        widgets = {"starts_at": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, edp: EDP, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.fields["facilitator"].queryset = User.objects.filter(
            edp_roles__edp=edp, edp_roles__role__in=[EDPRole.Role.FACILITATOR, EDPRole.Role.COORDINATOR]
        ).distinct()
        self.fields["capacity"].min_value = 1
        if self.instance.pk:
            self.fields["agenda"].initial = "\n".join(a.title for a in self.instance.agenda_items.all())
            self.fields["topics"].initial = ", ".join(t.name for t in self.instance.topics.all())

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if value < 1:
            raise forms.ValidationError(_("A meeting needs at least one seat."))
        return value


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}), help_text=_("Markdown: emphasis, lists, links.")
    )
    decisions = forms.CharField(
        label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("One per line.")
    )


class RegisterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Attending for"), queryset=Organisation.objects.none(), required=False, empty_label=_("Myself")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user, memberships__status="active"
        )


class IdeaForm(forms.ModelForm):
    co_authors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        help_text=_("Email addresses of registered people, separated by commas."),
    )

    class Meta:
        model = Idea
        fields = [
            "title",
            "summary",
            "activity",
            "expected_impact",
            "support_needed",
            "organisation",
            "assets",
            "partners",
            "meeting",
            "full_text_public",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "activity": forms.Textarea(attrs={"rows": 6}),
            "expected_impact": forms.Textarea(attrs={"rows": 4}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
            "assets": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, edp: EDP, user, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.instance.submitter if self.instance.pk else user
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=owner, memberships__status="active", verification="verified"
        )
        self.fields["organisation"].empty_label = _("Myself, as an individual")
        self.fields["assets"].queryset = RegionalAsset.objects.filter(edp=edp)
        self.fields["partners"].queryset = Organisation.objects.filter(verification="verified").order_by("name")
        self.fields["meeting"].queryset = Meeting.objects.filter(edp=edp)
        if self.instance.pk:
            self.fields["co_authors"].initial = ", ".join(u.email for u in self.instance.co_authors.all())

    def co_author_emails(self) -> list[str]:
        return [e for e in self.cleaned_data.get("co_authors", "").replace(";", ",").split(",") if e.strip()]

    def clean_co_authors(self):
        value = self.cleaned_data["co_authors"]
        validator = forms.EmailField()
        for email in [e.strip() for e in value.replace(";", ",").split(",") if e.strip()]:
            validator.clean(email)
        return value


class AttachmentForm(forms.Form):
    file = PrivateFileField(label=_("Attachment"))


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    helix = forms.ChoiceField(label=_("Helix"), choices=[("", _("All helices")), *Helix.choices], required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("All")
    )
    dimension = forms.ChoiceField(
        label=_("Asset dimension"), choices=[("", _("All dimensions")), *AssetDimension.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Submitted and withdrawn")),
            (Idea.Status.SUBMITTED, _("Submitted")),
            (Idea.Status.WITHDRAWN, _("Withdrawn")),
        ],
        required=False,
    )

    def __init__(self, *args, edp: EDP, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(ideas__edp=edp).distinct()
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def apply(self, ideas):
        if not self.is_valid():
            return ideas
        data = self.cleaned_data
        if data["q"]:
            from django.db.models import Q

            q = data["q"]
            ideas = ideas.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(activity__icontains=q))
        if data["helix"]:
            ideas = ideas.filter(helix=data["helix"])
        if data["organisation"]:
            ideas = ideas.filter(organisation=data["organisation"])
        if data["dimension"]:
            ideas = ideas.filter(assets__dimension=data["dimension"]).distinct()
        if data["status"]:
            ideas = ideas.filter(status=data["status"])
        return ideas
