"""Sentry's SDK, started only when ``SENTRY_DSN`` is set (called from settings)."""

from __future__ import annotations


def sentry_init(*, dsn: str, environment: str = "production", traces_sample_rate: float = 0.0) -> bool:
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        # Residents' personal data stays out of error reports.
        send_default_pii=False,
    )
    return True
