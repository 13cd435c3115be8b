"""What other apps do when a person deletes their account.

Account deletion keeps what a person contributed (ideas, comments, scores)
but must end what they *hold*: roles, seats, assignments, invitations.
Those live in other apps, so each app registers one callable ``user -> None``
in its ``AppConfig.ready()`` and :func:`accounts.services.user_delete_account`
calls every one of them inside its transaction, before the person's email
and name are wiped (a callable may still need them, e.g. to find invitations
sent to the address). A callable does its work through its own app's
services; if any raises, the whole deletion is rolled back and the account
stays as it was.

This is an explicit call from the deletion service, not a signal: the order
and the transaction are visible where the deletion happens.
"""

from collections.abc import Callable
from typing import Any

OnAccountDeletion = Callable[[Any], None]

_callbacks: dict[str, OnAccountDeletion] = {}


def register(name: str, callback: OnAccountDeletion) -> OnAccountDeletion:
    """Register ``callback`` under ``name`` (the app label). Registering a
    name twice replaces it (ready() can run more than once in tests)."""
    _callbacks[name] = callback
    return callback


def registered() -> list[str]:
    return sorted(_callbacks)


def run(user) -> None:
    """Call every registered callable, in name order so the order is stable.
    The caller holds the transaction."""
    for name in registered():
        _callbacks[name](user)
