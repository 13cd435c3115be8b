"""The access seam's core: permissions give the reason of their first
failing gate, services raise it, the access layer fails one way, and the
per-user cache is read once and forgotten on demand."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from core import access, permcache, permissions
from core.errors import DomainError
from core.views import error_403
from tests.factories.accounts import UserFactory


@pytest.fixture
def perm():
    is_signed_in = rules.predicate(lambda user: bool(user and user.is_authenticated))
    window_open = rules.predicate(lambda user, obj: obj.get("open", False))
    permissions.register(
        "tests.do_it",
        permissions.gate(window_open, lambda user, obj: f"Closed since {obj['since']}."),
        permissions.gate(is_signed_in, "Sign in first."),
    )
    yield "tests.do_it"
    rules.remove_perm("tests.do_it")
    permissions._registry.pop("tests.do_it")


@pytest.mark.django_db
def test_the_first_failing_gate_gives_the_reason(perm):
    user = UserFactory()
    assert permissions.check(user, perm, {"open": False, "since": "3 March"}).reason == "Closed since 3 March."
    assert permissions.check(AnonymousUser(), perm, {"open": True}).reason == "Sign in first."
    decision = permissions.check(user, perm, {"open": True})
    assert decision and decision.reason == ""
    assert user.has_perm(perm, {"open": True}) and not user.has_perm(perm, {"open": False, "since": "x"})


@pytest.mark.django_db
def test_a_superuser_passes_no_gate_by_being_a_superuser(perm):
    boss = UserFactory(is_superuser=True, is_staff=True)
    assert not permissions.check(boss, perm, {"open": False, "since": "today"})


@pytest.mark.django_db
def test_services_raise_the_same_reason(perm):
    with pytest.raises(DomainError) as caught:
        permissions.require(UserFactory(), perm, {"open": False, "since": "May"})
    assert caught.value.message == "Closed since May." and caught.value.code == "not_allowed"


def test_undeclared_permissions_are_an_error():
    with pytest.raises(LookupError):
        permissions.check(AnonymousUser(), "tests.nothing_like_this")


def test_fetch_turns_missing_and_malformed_ids_into_404():
    def missing(pk):
        raise ObjectDoesNotExist

    def malformed(pk):
        return int(pk)

    for loader, arg in ((missing, 1), (malformed, "abc")):
        with pytest.raises(Http404):
            access.fetch(loader, arg)


@pytest.mark.django_db
def test_load_refuses_with_the_reason(perm, rf):
    request = rf.get("/x/")
    request.user = UserFactory()
    with pytest.raises(PermissionDenied) as caught:
        access.load(request, perm, lambda: {"open": False, "since": "June"})
    assert str(caught.value) == "Closed since June."


@pytest.mark.django_db
def test_refusals_send_the_anonymous_to_sign_in_and_tell_the_signed_in_why(rf):
    request = rf.get("/edp/x/?a=1")
    request.user = AnonymousUser()
    response = error_403(request, PermissionDenied("Closed."))
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/edp/x/%3Fa%3D1"
    htmx = RequestFactory().get("/edp/x/", HTTP_HX_REQUEST="true")
    htmx.user, htmx.htmx = AnonymousUser(), True
    assert error_403(htmx, PermissionDenied()).headers["HX-Redirect"].startswith("/accounts/login/")
    signed_in = rf.get("/edp/x/")
    signed_in.user = UserFactory()
    response = error_403(signed_in, PermissionDenied("Closed since June."))
    assert response.status_code == 403 and "Closed since June." in response.content.decode()


def test_the_cache_computes_once_per_user_object_and_forgets():
    class Person:
        pass

    calls = []
    one, other = Person(), Person()
    for _ in range(3):
        assert permcache.cached(one, "tests.fact", lambda: calls.append(1) or 42) == 42
    assert len(calls) == 1
    permcache.cached(other, "tests.fact", lambda: calls.append(1) or 7)
    assert len(calls) == 2
    permcache.forget(one)
    permcache.cached(one, "tests.fact", lambda: calls.append(1) or 42)
    assert len(calls) == 3
