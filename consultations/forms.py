from typing import ClassVar

from django import forms
from django.core.validators import MinValueValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Answer, Comment, Consultation, ConsultationItem, Flag, Stance
from .models.participation import COMMENT_MAX_LENGTH
from .services.consultations import POSITION_MAX
from .services.moderation import BLOCK_MAX_DAYS

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "introduction", "opens_at", "closes_at", "flag_threshold"]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's check constraints would otherwise answer with a
        # technical "Constraint … is violated." above the form: say it next
        # to the field instead (a field in error skips the constraint check).
        threshold = self.fields["flag_threshold"]
        threshold.validators.append(MinValueValidator(1))
        threshold.widget.attrs["min"] = 1

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The closing date must come after the opening date."))
        return data


class ItemForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("Position in the list"),
        min_value=1,
        max_value=POSITION_MAX,
        help_text=_("Items are listed by this number, 1 first."),
    )

    class Meta:
        model = ConsultationItem
        fields = ["title", "body", "position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class ItemsField(forms.CharField):
    """Items typed by the coordinator: one per block, a first line as the
    title and the following lines as the text, blocks separated by a line
    with three dashes."""

    def to_python(self, value):
        value = super().to_python(value) or ""
        items = []
        for block in value.replace("\r\n", "\n").split("\n---\n"):
            lines = block.strip().split("\n", 1)
            if lines and lines[0].strip():
                items.append((lines[0].strip().lstrip("# ").strip(), lines[1].strip() if len(lines) > 1 else ""))
        return items

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for title, _body in value:
            if len(title) > 200:
                raise forms.ValidationError(_("An item's title (its first line) can be at most 200 characters."))


NOT_A_SOURCE = _("Only items of this process can be consulted on: “%(value)s” is not one of them.")


class ConsultationCreateForm(ConsultationForm):
    items = ItemsField(
        label=_("Items to consult on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One item per block: the first line is its title, the next lines its text. Separate items with a line containing only ---."
        ),
    )
    sources = forms.MultipleChoiceField(
        label=_("Consult on existing items of this process"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_A_SOURCE},
    )

    def __init__(self, *args, source_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = source_choices
        if not source_choices:
            del self.fields["sources"]

    def clean(self):
        data = super().clean()
        if "sources" not in self.fields and hasattr(self.data, "getlist") and self.data.getlist("sources"):
            # Nothing of this process can be chosen, yet the browser sent a
            # choice (another process's item, a forged key): say so rather
            # than quietly leaving it out.
            self.add_error(None, NOT_A_SOURCE % {"value": self.data.getlist("sources")[0]})
        if not data.get("items") and not data.get("sources"):
            self.add_error("items", _("Add at least one item to consult on."))
        return data


class CloseEarlyForm(forms.Form):
    reason = forms.CharField(
        label=_("Why close now? (public)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class StanceForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Your stance"), choices=Stance.Position.choices, widget=forms.RadioSelect, required=False
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_("Plain text; *emphasis*, **bold**, lists and links work."),
    )
    show_as_resident = forms.BooleanField(
        label=Comment._meta.get_field("show_as_resident").verbose_name, required=False
    )

    # The empty form is the same for everyone in a language (no value, no
    # token: {% csrf_token %} sits outside it), and Django's template-based
    # form rendering is a noticeable part of every item page: render it once
    # per language and process.
    _blank_html: ClassVar[dict[str, str]] = {}

    def as_div(self):
        if self.is_bound or self.initial or self.prefix or self.auto_id != "id_%s":
            return super().as_div()
        language = translation.get_language() or ""
        html = self._blank_html.get(language)
        if html is None:
            html = self._blank_html[language] = super().as_div()
        return html


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Flag.Reason.choices)
    details = forms.CharField(label=_("Details for the moderators"), max_length=500, required=False)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"), max_length=300, help_text=_("Shown in place of the comment, e.g. “off-topic”.")
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(label=_("Note for the log"), max_length=300, required=False)


class BlockForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=BLOCK_MAX_DAYS, initial=7)
    reason = forms.CharField(label=_("Reason (the person sees it)"), max_length=300)


class CommentNumbersField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value) or ""
        numbers = []
        for part in value.replace(",", " ").replace("#", " ").split():
            if not part.isdigit():
                raise forms.ValidationError(_("Give comment numbers separated by commas, e.g. 12, 15."))
            numbers.append(int(part))
        return numbers


class AnswerForm(forms.ModelForm):
    comment_numbers = CommentNumbersField(
        label=_("Comments answered"),
        help_text=_("Comment numbers (shown next to each comment), separated by commas."),
    )

    class Meta:
        model = Answer
        fields = ["item", "summary", "outcome", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = consultation.items.order_by("position")
        self.fields["item"].empty_label = None
        if self.instance.pk:
            self.fields["item"].disabled = True
            self.initial.setdefault("comment_numbers", ", ".join(str(c.pk) for c in self.instance.comments.all()))


class PublishReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Conclusions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the consultation showed and what happens next. Markdown: *emphasis*, lists, links."),
    )


class HearingAttachForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Public hearing"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
