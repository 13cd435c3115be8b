"""The one per-request cache of what a person may do.

Permission checks read the same facts many times in one request: the
person's roles in every EDP, the regions they coordinate, their verified
email, their memberships, moderation blocks. Each fact is read once per
*user object* and kept here, not as attributes on the user (Django's
``ModelBackend`` keeps ``_perm_cache`` the same way: the user object lives as
long as the request, so the cache does too; a Celery task loads its own user
and starts empty).

Owners read and write their facts through :func:`cached` under a key they
own (``"edp.roles"``); nobody reads another module's key: they call the
owner's function instead. After anything that changes what a person may do
(a role granted or revoked, a block, a membership), the service that changed
it calls :func:`forget` and every fact is read again when next asked.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.functional import LazyObject, empty

T = TypeVar("T")

# id(user object) -> {key: value}. Keyed by identity, not by primary key:
# two objects of one person (the test's and the request's) must not share
# facts, exactly like attributes on the object would not. A finaliser drops
# the entry when the user object is garbage-collected, before its id can be
# reused.
_store: dict[int, dict[str, Any]] = {}


def _person(user: Any) -> Any:
    """The user object itself: ``request.user`` is a lazy proxy, while
    ``user.has_perm`` (and so every ``rules`` backend check) runs on the
    object behind it. Both must find the same facts."""
    if isinstance(user, LazyObject):
        if getattr(user, "_wrapped") is empty:  # noqa: B009 - LazyObject's own slot, not proxied
            user._setup()  # type: ignore[attr-defined]
        return getattr(user, "_wrapped")  # noqa: B009
    return user


def _bucket(user: Any) -> dict[str, Any]:
    user = _person(user)
    key = id(user)
    bucket = _store.get(key)
    if bucket is None:
        bucket = _store[key] = {}
        try:
            weakref.finalize(user, _store.pop, key, None)
        except TypeError:  # an object that cannot be weakly referenced: do not cache
            _store.pop(key, None)
            return {}
    return bucket


def cached(user: Any, key: str, compute: Callable[[], T]) -> T:
    """The value of ``key`` for this user object, computed once."""
    if user is None:
        return compute()
    bucket = _bucket(user)
    if key in bucket:
        return bucket[key]
    value = compute()
    bucket[key] = value
    return value


def remember(user: Any, key: str, value: Any) -> None:
    """Store a fact already read by a wider query (so a page saves a query).
    Only the module that owns ``key`` calls this, through a function of its own."""
    if user is not None:
        _bucket(user)[key] = value


def forget(user: Any) -> None:
    """Everything cached about this person is read again when next asked."""
    if user is not None:
        _store.pop(id(_person(user)), None)
