"""Forms of the councils' pages. Choices are limited to the council's own
region, meetings and drafts, so ids from the client never reach another's."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django import forms
from django.utils.translation import gettext_lazy as _

from edp.forms import DateTimeInput
from edp.models import Meeting
from stakeholders.choices import Helix
from stakeholders.models import District, Organisation

from . import subjects
from .choices import AgeBand, Answer, Gender, MemberRole, Position, QuotaFeature
from .models import Council, VolunteerCall
from .services.meetings import KINDS


class Styled:
    """Bootstrap classes (Django ties help texts to their field: ``<id>_helptext``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)


def _region_organisations(region):
    return Organisation.objects.filter(region=region).exclude(verification=Organisation.Verification.REJECTED)


class PersonByEmail(forms.EmailField):
    """A person named by a verified email address of their account."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        found = (
            EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
            .select_related("user")
            .first()
        )
        if found is None:
            raise forms.ValidationError(
                _("No account has this verified email address: ask the person to sign up first.")
            )
        return found.user


class CouncilForm(Styled, forms.ModelForm):
    secretary = PersonByEmail(
        label=_("Secretary (email of their account)"), required=False, help_text=_("Runs the council's business.")
    )

    class Meta:
        model = Council
        fields = [
            "name",
            "mandate",
            "seats",
            "edp",
            "plan",
            "home_district",
            "expenses_budget_kzt",
            "expenses_note",
            "civil_min_numerator",
            "civil_min_denominator",
            "official_max_numerator",
            "official_max_denominator",
            "business_counts_as_civil",
            "academia_counts_as_civil",
        ]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        from edp.models import EDP
        from plans.models import ActionPlan

        self.fields["edp"].queryset = EDP.objects.filter(region=region)
        self.fields["plan"].queryset = ActionPlan.objects.filter(edp__region=region)
        self.fields["home_district"].queryset = District.objects.filter(region=region)
        self.fields["seats"].min_value = 1
        if self.instance.pk and self.instance.secretary_id:
            self.fields["secretary"].initial = self.instance.secretary.email


class CouncilCreateForm(CouncilForm):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None)
    slug = forms.SlugField(label=_("Address"), max_length=80, help_text=_("Letters, digits and hyphens: /councils/…/"))
    term_starts_on = forms.DateField(label=_("First term starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    term_ends_on = forms.DateField(label=_("First term ends on"), widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["region", "name", "slug", "mandate", "seats", "term_starts_on", "term_ends_on"]

    def __init__(self, *args, regions, **kwargs):
        region = kwargs.pop("region", None)
        super().__init__(*args, region=region, **kwargs)
        self.fields["region"].queryset = regions
        from edp.models import EDP
        from plans.models import ActionPlan

        self.fields["edp"].queryset = EDP.objects.filter(region__in=regions)
        self.fields["plan"].queryset = ActionPlan.objects.filter(edp__region__in=regions)
        self.fields["home_district"].queryset = District.objects.filter(region__in=regions)


class TermForm(Styled, forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))


class AppointForm(Styled, forms.Form):
    person = PersonByEmail(label=_("Email of the person's account"))
    organisation = forms.ModelChoiceField(
        label=_("Sits for (organisation)"),
        queryset=None,
        required=False,
        help_text=_("Their helix is the organisation's; without one, their own."),
    )
    helix = forms.ChoiceField(
        label=_("Helix (without an organisation)"), choices=[("", "—"), *Helix.choices], required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _region_organisations(council.region)


class LeaveForm(Styled, forms.Form):
    reason = forms.CharField(label=_("Why the seat ends"), max_length=300)


class ConflictForm(Styled, forms.Form):
    interest = forms.CharField(label=_("Interest"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    agenda_item = forms.ModelChoiceField(
        label=_("On the agenda item (leave empty for a general interest)"), queryset=None, required=False
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        from edp.models import AgendaItem

        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting__council=council).select_related(
            "meeting"
        )
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.meeting.title}: {item.title}"


class CallForm(Styled, forms.ModelForm):
    class Meta:
        model = VolunteerCall
        fields = [
            "title",
            "description",
            "term",
            "opens_at",
            "closes_at",
            "seats_to_fill",
            "alternates_wanted",
            "commission_size",
            "beacon_source",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = council.terms.all()


class VolunteerForm(Styled, forms.Form):
    district = forms.ModelChoiceField(label=_("District where you live"), queryset=None)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices)
    organisation = forms.ModelChoiceField(
        label=_("Volunteer for an organisation you represent (optional)"), queryset=None, required=False
    )
    motivation = forms.CharField(
        label=_("Why you volunteer (optional, seen by the secretary only)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, call: VolunteerCall, user, **kwargs):
        super().__init__(*args, **kwargs)
        region = call.council.region
        self.fields["district"].queryset = District.objects.filter(region=region)
        self.fields["organisation"].queryset = _region_organisations(region).filter(
            memberships__user=user, memberships__status="active", memberships__role="representative"
        )


class CommissionSeatForm(Styled, forms.Form):
    person = PersonByEmail(label=_("Email of the person's account"))
    organisation = forms.ModelChoiceField(label=_("Sits for (organisation)"), queryset=None, required=False)
    helix = forms.ChoiceField(
        label=_("Helix (without an organisation)"), choices=[("", "—"), *Helix.choices], required=False
    )

    def __init__(self, *args, call: VolunteerCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _region_organisations(call.council.region)


class QuotaForm(forms.Form):
    """At least / at most for every value of every feature; a feature left
    entirely empty is not used."""

    def __init__(self, *args, rows: list[tuple[str, str, str]], seats: int, initial_values: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.seats = seats
        for feature, value, label in rows:
            for bound in ("min", "max"):
                key = f"{feature}-{value}-{bound}"
                self.fields[key] = forms.IntegerField(
                    label=f"{label}: " + (str(_("at least")) if bound == "min" else str(_("at most"))),
                    min_value=0,
                    max_value=seats,
                    required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": None}),
                    initial=initial_values.get((feature, value), (None, None))[0 if bound == "min" else 1],
                )

    def quota_rows(self) -> list[tuple[str, str, int, int]]:
        """(feature, value, at least, at most) of the filled rows; a row with
        one bound gets the other's default (0, or every seat)."""
        seats = self.seats
        found = []
        for feature, value, _label in self.rows:
            low = self.cleaned_data.get(f"{feature}-{value}-min")
            high = self.cleaned_data.get(f"{feature}-{value}-max")
            if low is None and high is None:
                continue
            found.append((feature, value, low or 0, seats if high is None else high))
        return found

    def by_feature(self):
        """[(feature label, [(value label, min field, max field)])] for the template."""
        labels = dict(QuotaFeature.choices)
        grouped: dict[str, list] = {}
        for feature, value, label in self.rows:
            grouped.setdefault(feature, []).append(
                (label, self[f"{feature}-{value}-min"], self[f"{feature}-{value}-max"])
            )
        return [(labels[f], rows) for f, rows in grouped.items()]


class PublicValueForm(Styled, forms.Form):
    value = forms.CharField(label=_("Public value, as published by its source"), max_length=300)


class CouncilMeetingForm(Styled, forms.ModelForm):
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("One item per line.")
    )

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
            "district",
        ]
        widgets = {"starts_at": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in KINDS]
        self.fields["district"].queryset = District.objects.filter(region=council.region)
        self.fields["district"].help_text = _("Where it takes place, when outside the regional capital.")
        self.fields["capacity"].min_value = 1
        if self.instance.pk:
            self.fields["agenda"].initial = "\n".join(a.title for a in self.instance.agenda_items.all())


class QuestionForm(Styled, forms.Form):
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AnswerForm(Styled, forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


def subject_choices(council: Council) -> list[tuple[str, str]]:
    choices = []
    for key, kind in subjects.kinds().items():
        for obj in kind.candidates(council):
            choices.append((f"{key}:{obj.pk}", f"{kind.label}: {kind.title(obj)}"))
    return choices


def subject_from(council: Council, value: str):
    """The draft a form names, only among the council's candidates."""
    key, _sep, pk = (value or "").partition(":")
    kind = subjects.kinds().get(key)
    if kind is None or not pk.isdigit():
        return None
    return kind.candidates(council).filter(pk=int(pk)).first()


class OpinionRequestForm(Styled, forms.Form):
    subject = forms.ChoiceField(label=_("Draft"))
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}), required=False)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["subject"].choices = subject_choices(council)

    def clean_subject(self):
        subject = subject_from(self.council, self.cleaned_data["subject"])
        if subject is None:
            raise forms.ValidationError(_("Choose one of the options."))
        return subject


class OpinionForm(Styled, forms.Form):
    subject = forms.ChoiceField(label=_("On the draft"))
    position = forms.ChoiceField(label=_("Position"), choices=[("", "—"), *Position.choices], required=False)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    recommendations = forms.CharField(
        label=_("Recommendations"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One recommendation per line; each will be answered."),
    )
    meeting = forms.ModelChoiceField(label=_("Decided at the meeting"), queryset=None, required=False)

    def __init__(self, *args, council: Council, opinion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        if opinion is not None:
            del self.fields["subject"]
        else:
            self.fields["subject"].choices = subject_choices(council)
        self.fields["meeting"].queryset = Meeting.objects.filter(council=council).order_by("-starts_at")

    def clean_subject(self):
        subject = subject_from(self.council, self.cleaned_data["subject"])
        if subject is None:
            raise forms.ValidationError(_("Choose one of the options."))
        return subject

    def recommendation_lines(self) -> list[str]:
        return [line for line in (self.cleaned_data.get("recommendations") or "").splitlines() if line.strip()]


class RecommendationAnswerForm(Styled, forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
