"""The consultations' block on the home page (``Module.home``): consultations
open now, where anyone can have their say."""

from __future__ import annotations

from django.http import HttpRequest

from core.modules import HomeBlock

from .models import ConsultationState
from .selectors import consultation_list

HOME_CONSULTATIONS = 4


def open_consultations(request: HttpRequest) -> HomeBlock | None:
    consultations = list(consultation_list(state=ConsultationState.OPEN)[:HOME_CONSULTATIONS])
    if not consultations:
        return None
    return HomeBlock("consultations/_home_open.html", {"open_consultations": consultations}, order=10)
