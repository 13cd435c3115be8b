"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms

from .errors import DomainError


def domain_error_to_form(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal next to the field it names, else above the
    form (the person keeps what they typed either way)."""
    field = error.field if error.field and error.field in form.fields else None
    form.add_error(field, error.message)
