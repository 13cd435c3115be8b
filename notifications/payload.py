"""Event context, stored as JSON in the outbox and given back to the strategy.

The context outlives the request (the email is rendered later, by a worker),
so it is stored, not kept in memory. Model instances are stored as references
and loaded again when rendering; everything else must be JSON: numbers,
strings, booleans, None, lists and dicts of those; dates and decimals are
stored as strings.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

MODEL_REF = "$model"


def freeze(value: Any) -> Any:
    """Turn a context value into JSON-safe data, or raise TypeError saying what is wrong."""
    if isinstance(value, models.Model):
        return {MODEL_REF: value._meta.label_lower, "pk": value.pk}
    if isinstance(value, dict):
        return {str(k): freeze(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [freeze(v) for v in value]
    if isinstance(value, Promise):
        # A lazy translation would be frozen in the emitter's language; the
        # recipient's language is applied in render(), so keep the source.
        raise TypeError("Pass message ids, not lazy translations, in notification context; translate in render().")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    raise TypeError(f"Notification context value {value!r} is not JSON-serialisable or a model instance.")


def thaw(value: Any, _cache: dict | None = None) -> Any:
    """Load model references back (None when the object was deleted since)."""
    cache = {} if _cache is None else _cache
    if isinstance(value, dict):
        if MODEL_REF in value and set(value) == {MODEL_REF, "pk"}:
            ref = (value[MODEL_REF], value["pk"])
            if ref not in cache:
                model = apps.get_model(value[MODEL_REF])
                cache[ref] = model._default_manager.filter(pk=value["pk"]).first()
            return cache[ref]
        return {k: thaw(v, cache) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v, cache) for v in value]
    return value
