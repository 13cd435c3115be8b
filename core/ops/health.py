"""Readiness checks for django-health-check that the library does not ship:
the Celery broker reachable (without needing a worker to answer) and every
migration applied. The database and the cache use the library's own checks
(``READY_CHECKS``)."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class Broker(HealthCheck):
    """Opens a connection to ``CELERY_BROKER_URL`` (one quick attempt)."""

    timeout: datetime.timedelta = dataclasses.field(default=datetime.timedelta(seconds=3), repr=False)

    def run(self) -> None:
        from config.celery_app import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:
            raise ServiceUnavailable("Broker unreachable") from exc


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Not ready while a migration is unapplied (a new release before `migrate`)."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self) -> None:
        try:
            executor = MigrationExecutor(connections[self.alias])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as exc:
            raise ServiceUnavailable("Cannot read the migration state") from exc
        finally:
            connections[self.alias].close_if_unusable_or_obsolete()
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migration(s) not applied")


READY_CHECKS = (
    "health_check.checks.Database",
    "health_check.checks.Cache",
    Broker,
    Migrations,
)
