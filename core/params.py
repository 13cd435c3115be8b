"""Numbers read from the query string or a form field, never trusted.

A page number, an offset or an id typed into a URL may be missing, not a
number, negative or absurdly large (``?offset=99999999999999999999`` would
otherwise reach the database as an OFFSET it cannot take). Views read them
through :func:`int_param`, which answers with a number inside the bounds or
the default — never an exception.
"""

from __future__ import annotations

from typing import Any


def int_param(value: Any, default: int, *, minimum: int, maximum: int) -> int:
    """``value`` as an integer clamped to ``[minimum, maximum]``; ``default``
    when it is missing or not an integer (``"12"`` → 12, ``"-3"`` → minimum,
    ``"abc"`` / ``None`` / ``"1.5"`` → default)."""
    if minimum > maximum:
        raise ValueError("int_param: minimum is greater than maximum")
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(max(number, minimum), maximum)
