"""What the table-driven permission tests (tests/edp, tests/evaluations) share:
try one action as each role, each in a savepoint that is rolled back so every
role starts from the same state, and the plain refusal every view gives."""

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction
from django.urls import reverse


def problems_by_role(client, cast: Mapping, roles: Iterable[str], attempt: Callable[[str], str | None]) -> list[str]:
    """Call ``attempt(role)`` signed in as ``cast[role]`` (``None``: nobody),
    once per role, and collect what went wrong as ``"role: problem"``."""
    problems = []
    for role in roles:
        savepoint = transaction.savepoint()
        try:
            client.logout()
            if cast[role] is not None:
                client.force_login(cast[role])
            problem = attempt(role)
            if problem:
                problems.append(f"{role}: {problem}")
        finally:
            transaction.savepoint_rollback(savepoint)
    return problems


def refusal_problem(response, role: str) -> str | None:
    """Anonymous people are sent to sign in; everyone else gets a 403."""
    if role == "anonymous":
        if not (response.status_code == 302 and response.url.startswith(reverse("account_login"))):
            return f"anonymous was not sent to sign in ({response.status_code})"
    elif response.status_code != 403:
        return f"expected 403, got {response.status_code}"
    return None
