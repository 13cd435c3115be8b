"""Personal data export (GDPR-style "download my data").

Each app that stores something about a person declares one function
``user -> dict`` as ``Module.personal_data`` in its ``apps.py``
(core.modules); the export is the union of those parts, under each app's
label, so an app added later declares its part and nothing else changes. Download links are signed, carry the owner's id and
expire after ``settings.PERSONAL_DATA_LINK_MAX_AGE`` seconds.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone

from core import modules

Part = Callable[[Any], dict]

_SALT = "accounts.personal-data-link"


def parts() -> dict[str, Part]:
    """{app label: its part of the export}, as the modules declare them."""
    return dict(modules.each("personal_data"))


def registered_parts() -> list[str]:
    return sorted(parts())


def collect(user) -> dict:
    data: dict[str, Any] = {
        "format": "edp-platform-personal-data",
        "version": 1,
        "generated_at": timezone.now().isoformat(),
    }
    for name, part in sorted(parts().items()):
        data[name] = part(user)
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
