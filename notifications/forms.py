from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Region

from .models import DeliveryMode
from .registry import EventType


class PreferencesForm(forms.Form):
    """One radio group per event type; mandatory ones are shown but locked."""

    def __init__(self, *args, table: list[tuple[EventType, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups: dict[str, list[forms.BoundField]] = {}
        for event_type, mode in table:
            field = forms.ChoiceField(
                label=event_type.label,
                choices=DeliveryMode.choices,
                initial=mode,
                widget=forms.RadioSelect,
                # Left out of a submission means "unchanged", not an error.
                required=False,
                disabled=event_type.mandatory,
                help_text=_("Always sent at once: it concerns your access and security.")
                if event_type.mandatory
                else event_type.description,
            )
            self.fields[event_type.key] = field
            self.groups.setdefault(str(event_type.group), []).append(self[event_type.key])

    def choices(self) -> list[tuple[str, str]]:
        return [(key, value) for key, value in self.cleaned_data.items() if value and not self.fields[key].disabled]


class AnnouncementForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=200, required=False)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=200, required=False)
    body_en = forms.CharField(label=_("Message (English)"), widget=forms.Textarea(attrs={"rows": 5}))
    body_ru = forms.CharField(label=_("Message (Russian)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    body_kk = forms.CharField(label=_("Message (Kazakh)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Everyone on the platform"),
        help_text=_("Residents of this region are told; leave empty to tell everyone."),
    )
