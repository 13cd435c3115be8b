"""Signed one-click unsubscribe tokens: they stand in for a login, for one person and one event type."""

from __future__ import annotations

from django.core import signing

SALT = "notifications.unsubscribe.v1"


class InvalidToken(Exception):
    pass


def unsubscribe_token(*, user_id: int, event: str) -> str:
    # No expiry: a link in a years-old email must still work. The signature
    # (SECRET_KEY + salt) is what stops anyone from forging one for someone else.
    return signing.dumps([user_id, event], salt=SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        user_id, event = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken from None
    if not isinstance(user_id, int) or not isinstance(event, str):
        raise InvalidToken
    return user_id, event
