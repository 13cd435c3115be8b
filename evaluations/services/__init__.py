"""Every write of the evaluation app. Split by concern; import from here."""

from .criteria import (
    CriterionInput,
    criteria_add_defaults,
    criteria_freeze,
    criteria_save,
    evaluation_settings_update,
)

__all__ = [
    "CriterionInput",
    "criteria_add_defaults",
    "criteria_freeze",
    "criteria_save",
    "evaluation_settings_update",
]
