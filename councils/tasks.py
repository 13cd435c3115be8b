"""Celery tasks of the councils app: they take ids and call a service."""

from celery import shared_task

from .services import selection

RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="councils.tasks.run_draw", **RELIABLE)
def run_draw(call_id: int) -> None:
    # Idempotent: a draw already published (or no longer waited for) is left alone.
    selection.draw_run(call_id=call_id)
