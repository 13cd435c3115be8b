"""One id per request, on every log record of the request and of the tasks it queues.

The middleware takes ``X-Request-ID`` from the proxy when it is a sane token
(a load balancer or nginx's ``$request_id``) or makes one, and returns it in
the response. Celery carries it as a message header: ``before_task_publish``
writes it, ``task_prerun`` restores it in the worker and ``task_postrun``
clears it, so a task queued by a task keeps the id of the request that
started the chain.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
TASK_HEADER = "edp_request_id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_current: ContextVar[str | None] = ContextVar("edp_request_id", default=None)


def get() -> str | None:
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accept(candidate: str | None) -> str:
    """The proxy's id when it is a plain token, else a fresh one (never log an attacker's string)."""
    if candidate and _VALID.match(candidate):
        return candidate
    return new_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accept(request.headers.get(HEADER))
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _current.get() or "-"
        return True


@before_task_publish.connect(dispatch_uid="edp-request-id-publish")
def _publish_with_request_id(sender=None, headers=None, **kwargs) -> None:
    request_id = _current.get()
    if request_id and headers is not None and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = request_id


_tokens: dict[str, object] = {}


@task_prerun.connect(dispatch_uid="edp-request-id-prerun")
def _task_starts(task_id=None, task=None, **kwargs) -> None:
    """In a worker: the id from the message. Run eagerly inside a request: the request's own."""
    request = getattr(task, "request", None)
    request_id = getattr(request, TASK_HEADER, None)
    headers = getattr(request, "headers", None)
    if not request_id and isinstance(headers, dict):
        request_id = headers.get(TASK_HEADER)
    _tokens[task_id] = _current.set(request_id or _current.get())


@task_postrun.connect(dispatch_uid="edp-request-id-postrun")
def _task_ends(task_id=None, **kwargs) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context (a thread pool): just clear
            _current.set(None)
