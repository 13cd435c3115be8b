import importlib
import os

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories.accounts import UserFactory


def pytest_configure(config):
    # In CI (.ci/run) the services must be there: a missing PostgreSQL or
    # Redis fails the run instead of silently testing less.
    if os.environ.get("EDP_REQUIRE_SERVICES"):
        assert os.environ.get("DATABASE_URL", "").startswith("postgres"), "CI must run on PostgreSQL"
        assert os.environ.get("CELERY_BROKER_URL", "").startswith("redis"), "CI must run with Redis"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep each ``xdist_group`` on one xdist worker (``make test`` runs
    ``--dist loadgroup``). pytest-xdist marks a grouped test by appending
    ``@group`` to its id through ``item._nodeid``, which pytest 9 no longer
    reads (the id is ``item._id``), so every group was silently spread over
    both workers: two browsers, live servers and Celery workers at once. Runs
    after xdist's own hook and does nothing once xdist's suffix works again."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        groups = {
            str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")
        }
        if groups and "@" not in item.nodeid.rsplit("::", 1)[-1]:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(sorted(groups))}")


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete_on_postgresql():
    """Transactional tests (the browser journeys, the worker tests) end with a
    flush of every table. On PostgreSQL Django's flush is one TRUNCATE of all
    ~100 tables, which replaces each table's files: about 5 s per test on a
    busy machine. DELETE of rows in the few tables a test filled takes
    milliseconds and leaves the same empty tables. Safe because every foreign
    key is DEFERRABLE INITIALLY DEFERRED (Django creates them so) and the flush
    runs in one transaction. Sequence resets still use TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _reset_language():
    # LocaleMiddleware leaves the request's language active in the thread, so a
    # page fetched in kk would make the next test on this worker read kk too.
    translation.deactivate()
    yield
    translation.deactivate()


REFERENCE_DATA = (
    ("stakeholders.migrations.0002_seed_regions", "seed"),
    ("core.migrations.0001_site_domain", "set_site"),
)


def _seed_reference_data() -> None:
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_survives_flush():
    """A transactional test ends with a flush of every table, which also wipes
    what the data migrations seeded (the regions, the site's domain); the
    tests that run after it on the same xdist worker (in whatever order the
    scheduler sends them: grouped tests may come first) need it back. Django's
    flush emits ``post_migrate`` afterwards, so re-seed there, once per flush
    (the signal is sent per app; listen to one)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    def reseed(sender, **kwargs):
        _seed_reference_data()

    post_migrate.connect(reseed, sender=apps.get_app_config("stakeholders"), dispatch_uid="tests-reference-data")
    yield
    post_migrate.disconnect(dispatch_uid="tests-reference-data", sender=apps.get_app_config("stakeholders"))


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests end by flushing every table, which also wipes what
    the data migrations seeded (the regions, the site's domain). Re-seed it
    for them, with the migrations' own functions, so that their order on an
    xdist worker does not matter."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    _seed_reference_data()


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def citizen(db):
    """A signed-up person with a verified email and no organisation."""
    return UserFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def login(client):
    """Log a user in, bypassing MFA for staff unless a test is about MFA."""

    def do_login(user, *, mfa: bool = True):
        if mfa and user.is_staff:
            from tests.factories.accounts import give_totp

            give_totp(user)
        client.force_login(user)
        return client

    return do_login
