"""Operations plumbing shared by every process: the request id carried from
the web into Celery tasks and onto every log record, the readiness checks,
the Prometheus collectors for queues and the outbox, and Sentry's start.

Infrastructure only: nothing here knows about the domain beyond reading the
notification outbox's backlog through its selector.
"""
