"""Personal data export (GDPR-style "download my data").

Each app that stores something about a person registers one function
``user -> dict`` under its own name; the export is the union of those parts,
so an app added later only has to call :func:`register` in its
``AppConfig.ready()``. Download links are signed, carry the owner's id and
expire after ``settings.PERSONAL_DATA_LINK_MAX_AGE`` seconds.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone

Part = Callable[[Any], dict]

_parts: dict[str, Part] = {}
_SALT = "accounts.personal-data-link"


def register(name: str, function: Part) -> Part:
    """Add an app's part of the export. Registering a name twice replaces it
    (ready() can run more than once in tests)."""
    _parts[name] = function
    return function


def registered_parts() -> list[str]:
    return sorted(_parts)


def collect(user) -> dict:
    data: dict[str, Any] = {
        "format": "edp-platform-personal-data",
        "version": 1,
        "generated_at": timezone.now().isoformat(),
    }
    for name in registered_parts():
        data[name] = _parts[name](user)
    return data


def make_token(user) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(str(user.pk))


class LinkInvalid(Exception):
    pass


def owner_id_from_token(token: str) -> int:
    """The id of the person the link was made for; raises LinkInvalid when the
    link was tampered with or has expired."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=settings.PERSONAL_DATA_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkInvalid("expired") from exc
    except signing.BadSignature as exc:
        raise LinkInvalid("bad signature") from exc
    return int(value)
