"""What other apps do when a person deletes their account.

Account deletion keeps what a person contributed (ideas, comments, scores)
but must end what they *hold*: roles, seats, assignments, invitations.
Those live in other apps, so each app declares one service ``(*, user) -> Any``
as ``Module.delete_person`` in its ``apps.py`` (core.modules) and :func:`accounts.services.user_delete_account`
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

from core import modules

OnAccountDeletion = Callable[..., Any]


def steps() -> dict[str, OnAccountDeletion]:
    """{app label: its deletion service}, as the modules declare them."""
    return dict(modules.each("delete_person"))


def registered() -> list[str]:
    return sorted(steps())


def run(user) -> None:
    """Call every declared step, in label order so the order is stable.
    The caller holds the transaction."""
    for _name, step in sorted(steps().items()):
        step(user=user)
