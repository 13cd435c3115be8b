"""Bootstrap rendering of form fields, used by our forms and by the allauth
"elements" overrides, so every error sits next to its field and is tied to
it for screen readers (aria-describedby / aria-invalid)."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, _CHECK_WIDGETS)


@register.filter
def bootstrap_widget(field) -> SafeString:
    widget = field.field.widget
    if isinstance(widget, _CHECK_WIDGETS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
