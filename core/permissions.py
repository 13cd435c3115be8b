"""Permissions that say why they refuse.

A permission is an ordered list of *gates*: a ``rules`` predicate and the
reason it gives when it fails ("The call for ideas closed on 3 March.").
The first gate that fails decides the answer, so the order is part of the
rule: put what the person can do nothing about (the stage, the state of the
object) before who they are, and the most useful explanation first.

One declaration serves everyone:

- pages and the access layer (:mod:`core.access`) ask :func:`check` and show
  the reason instead of a form that would be refused;
- services call :func:`require`, which raises the same reason as a
  :class:`~core.errors.DomainError`;
- ``user.has_perm(name, obj)``, DRF and ``{% has_perm %}`` keep working: each
  permission is also registered with ``rules``.

Platform staff get exactly what a gate grants them (``is_staff`` in the
predicate); nothing here lets a superuser through a gate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

# A reason is a (lazy) string, or a function (user, obj) -> str for reasons
# that name dates, numbers or people.
Reason = str | Promise | Callable[[Any, Any], Any]

DEFAULT_REASON = _(
    "Your account does not have the role this page needs. If you think it should, ask the coordinator of the process."
)


@dataclass(frozen=True)
class Decision:
    """Allowed, or refused with the reason to show."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


@dataclass(frozen=True)
class Gate:
    predicate: rules.Predicate
    reason: Reason

    def refusal(self, user: Any, obj: Any) -> str | None:
        if self.predicate.test(user, obj):
            return None
        reason = self.reason
        if callable(reason) and not isinstance(reason, str | Promise):
            reason = reason(user, obj)
        return str(reason or DEFAULT_REASON)


def gate(predicate: Callable[..., Any], reason: Reason = DEFAULT_REASON) -> Gate:
    if not isinstance(predicate, rules.Predicate):
        predicate = rules.predicate(predicate)
    return Gate(predicate, reason)


@dataclass(frozen=True)
class Permission:
    name: str
    gates: tuple[Gate, ...]

    def check(self, user: Any, obj: Any = None) -> Decision:
        for g in self.gates:
            reason = g.refusal(user, obj)
            if reason is not None:
                return Decision(False, reason)
        return ALLOWED


_registry: dict[str, Permission] = {}


def register(name: str, *gates: Gate | rules.Predicate) -> Permission:
    """Declare permission ``name`` as ``gates`` (all must pass, in order).
    A bare predicate is a gate with the default reason. Registering a name
    again replaces it (``ready()`` may run twice in tests)."""
    permission = Permission(name, tuple(g if isinstance(g, Gate) else gate(g) for g in gates))
    _registry[name] = permission

    def _test(user: Any, obj: Any = None) -> bool:
        return permission.check(user, obj).allowed

    rules.set_perm(name, rules.predicate(_test, name=name))
    return permission


def get(name: str) -> Permission:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"No permission {name!r} is declared (core.permissions.register)") from None


def declared() -> list[str]:
    return sorted(_registry)


def check(user: Any, name: str, obj: Any = None) -> Decision:
    """May ``user`` do ``name`` on ``obj``? With the reason when not."""
    permission = _registry.get(name)
    if permission is None:
        # A rule declared with plain ``rules.add_perm`` (no reasons yet):
        # answered by rules itself, never by a superuser shortcut.
        if not rules.perm_exists(name):
            raise LookupError(f"No permission {name!r} is declared (core.permissions.register)")
        allowed = rules.has_perm(name, user, obj)
        return ALLOWED if allowed else Decision(False, str(DEFAULT_REASON))
    return permission.check(user, obj)


def refusal(user: Any, name: str, obj: Any = None) -> str | None:
    decision = check(user, name, obj)
    return None if decision else decision.reason


def require(user: Any, name: str, obj: Any = None) -> None:
    """For services: raise the permission's own reason as a DomainError."""
    decision = check(user, name, obj)
    if not decision:
        raise DomainError(decision.reason, code="not_allowed")
