"""core.lifecycle: transitions refuse with the reason (state, guards, then
who), groups answer what pages ask, apply() moves and saves."""

import pytest
from django.db import models

from core import lifecycle as lc
from core import modules
from core.errors import DomainError


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Thing:
    def __init__(self, status="draft", ready=True):
        self.status = status
        self.ready = ready
        self.saved_fields = None

    def save(self, update_fields=None):
        self.saved_fields = update_fields


LIFECYCLE = lc.Lifecycle(
    name="thing",
    field="status",
    states=Status,
    transitions=(
        lc.Transition(
            "submit",
            frozenset({"draft", "withdrawn"}),
            "submitted",
            guards=(lambda t: "" if t.ready else "Not ready.",),
        ),
        lc.Transition("withdraw", frozenset({"submitted"}), "withdrawn"),
    ),
    groups={"open": frozenset({"draft", "withdrawn"})},
)


def test_refusal_names_the_state_then_the_guard():
    assert LIFECYCLE.refusal(Thing("submitted"), "submit") == "This cannot be done at the status “Submitted”."
    assert LIFECYCLE.refusal(Thing("draft", ready=False), "submit") == "Not ready."
    assert LIFECYCLE.refusal(Thing("draft"), "submit") is None


def test_available_and_groups():
    assert [t.name for t in LIFECYCLE.available(Thing("submitted"))] == ["withdraw"]
    assert LIFECYCLE.next_states(Thing("draft")) == ["submitted"]
    assert LIFECYCLE.is_in(Thing("withdrawn"), "open")
    assert LIFECYCLE.is_in(Thing("draft"), "draft")
    with pytest.raises(LookupError):
        LIFECYCLE.is_in(Thing(), "nonsense")


def test_apply_moves_saves_and_refuses_with_the_reason():
    thing = Thing("draft")
    assert LIFECYCLE.apply(thing, "submit") == "draft"
    assert thing.status == "submitted" and thing.saved_fields == ["status"]
    with pytest.raises(DomainError) as caught:
        LIFECYCLE.apply(thing, "submit")
    assert caught.value.code == "transition_refused"


def test_other_modules_add_guards_to_a_transition(monkeypatch):
    monkeypatch.setattr(
        modules,
        "transition_guards",
        lambda lifecycle, name: [lambda t: "Held by a council."] if (lifecycle, name) == ("thing", "withdraw") else [],
    )
    assert LIFECYCLE.refusal(Thing("submitted"), "withdraw") == "Held by a council."


def test_declarations_are_checked():
    with pytest.raises(ValueError):
        lc.Lifecycle(
            name="bad", field="status", states=Status, transitions=(lc.Transition("x", frozenset({"nope"}), "draft"),)
        )
