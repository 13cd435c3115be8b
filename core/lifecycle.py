"""Declared lifecycles: the statuses of a thing and the moves between them.

A lifecycle is a transition table, like the EDP's stage workflow
(``edp/workflow.py``) and Oscar's order ``pipeline``: each
:class:`Transition` names where it may start, where it ends, who may make it
(a permission from :mod:`core.permissions`, which gives its own reason), and
what must hold first (a guard returning the reason it refuses; other apps
add guards to a transition they do not own through
``Module.transition_guards``, e.g. a public council's unanswered
recommendations hold back the adoption of a plan). Views and
templates ask the table — :meth:`Lifecycle.can`, :meth:`Lifecycle.available`,
:meth:`Lifecycle.is_in` — and never compare status strings; services move an
object with :meth:`Lifecycle.apply` inside their transaction and do the side
effects themselves (explicit, visible where the change happens).

Groups name sets of states that pages care about ("public", "editable",
"closed"), so a template says ``{% in_state idea "public" %}`` instead of
listing statuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import permissions
from .errors import DomainError

Guard = Callable[[Any], Any]  # obj -> reason (str) when refused, falsy when fine


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    label: str | Promise = ""
    permission: str | None = None
    guards: tuple[Guard, ...] = ()
    # What to say when the object is in none of ``sources`` ("Only a draft
    # or a withdrawn idea can be submitted."); a generic sentence otherwise.
    wrong_state: str | Promise = ""


@dataclass(frozen=True)
class Lifecycle:
    """The statuses of one model field and the transitions between them."""

    name: str
    field: str
    states: Any  # a TextChoices class
    transitions: tuple[Transition, ...]
    groups: dict[str, frozenset[str]] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        values = set(self.states.values)
        seen: set[str] = set()
        for t in self.transitions:
            unknown = (set(t.sources) | {t.target}) - values
            if unknown:
                raise ValueError(f"{self.name}.{t.name}: unknown states {sorted(unknown)}")
            if t.name in seen:
                raise ValueError(f"{self.name}: transition {t.name!r} declared twice")
            seen.add(t.name)
        for group, members in self.groups.items():
            if set(members) - values:
                raise ValueError(f"{self.name}: group {group!r} names unknown states")

    # --- reading ---------------------------------------------------------
    def state(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise LookupError(f"{self.name} has no transition {name!r}")

    def is_in(self, obj: Any, group: str) -> bool:
        """Is ``obj`` in a state of ``group`` (or in the state named ``group``)?"""
        if group in self.groups:
            return self.state(obj) in self.groups[group]
        if group in self.states.values:
            return self.state(obj) == group
        raise LookupError(f"{self.name} has no state or group {group!r}")

    def refusal(self, obj: Any, name: str, user: Any = None) -> str | None:
        """Why ``name`` may not happen to ``obj`` now (by ``user``, when
        given), or None. The state comes first, then the guards, then who."""
        t = self.transition(name)
        current = self.state(obj)
        if current not in t.sources:
            if t.wrong_state:
                return str(t.wrong_state)
            return _("This cannot be done at the status “%(state)s”.") % {"state": self.states(current).label}
        from . import modules

        for guard in (*t.guards, *modules.transition_guards(self.name, t.name)):
            reason = guard(obj)
            if reason:
                return str(reason)
        if user is not None and t.permission:
            return permissions.refusal(user, t.permission, obj)
        return None

    def can(self, obj: Any, name: str, user: Any = None) -> permissions.Decision:
        reason = self.refusal(obj, name, user)
        return permissions.Decision(reason is None, reason or "")

    def available(self, obj: Any, user: Any = None) -> list[Transition]:
        """The transitions ``user`` may make on ``obj`` now, in declared order."""
        return [t for t in self.transitions if self.refusal(obj, t.name, user) is None]

    def next_states(self, obj: Any, user: Any = None) -> list[str]:
        return [t.target for t in self.available(obj, user)]

    # --- writing (services only) -----------------------------------------
    def apply(
        self, obj: Any, name: str, *, actor: Any = None, save: bool = True, update_fields: Iterable[str] = ()
    ) -> str:
        """Move ``obj`` along ``name`` or raise the reason as a DomainError.
        Returns the state it left. The caller holds the transaction (and,
        where two people may race, the row lock)."""
        reason = self.refusal(obj, name, actor)
        if reason:
            raise DomainError(reason, code="transition_refused")
        previous = self.state(obj)
        setattr(obj, self.field, self.transition(name).target)
        if save:
            obj.save(update_fields=[self.field, *update_fields])
        return previous


_lifecycles: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    _lifecycles[lifecycle.name] = lifecycle
    return lifecycle


def get(name: str) -> Lifecycle:
    return _lifecycles[name]


def of(obj: Any) -> Lifecycle:
    """The lifecycle declared for ``obj``'s model (``Model.lifecycle``)."""
    lifecycle = getattr(type(obj), "lifecycle", None)
    if not isinstance(lifecycle, Lifecycle):
        raise LookupError(f"{type(obj).__name__} declares no lifecycle")
    return lifecycle
