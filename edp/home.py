"""The EDP app's block on the home page (``Module.home``): processes under way."""

from __future__ import annotations

from django.http import HttpRequest

from core.modules import HomeBlock

from . import selectors
from .workflow import STAGE_ORDER, stage_index

HOME_PROCESSES = 6


def processes_under_way(request: HttpRequest) -> HomeBlock | None:
    processes = [(edp, stage_index(edp.stage) + 1) for edp in selectors.edp_list()[:HOME_PROCESSES]]
    if not processes:
        return None
    return HomeBlock("edp/_home_processes.html", {"processes": processes, "stage_total": len(STAGE_ORDER)}, order=20)
