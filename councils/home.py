"""The councils' block on the home page (``Module.home``): calls for
volunteers open now, where a resident can put their name in the draw."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from core.modules import HomeBlock

from .models import VolunteerCall

HOME_CALLS = 4


def open_calls(request: HttpRequest) -> HomeBlock | None:
    now = timezone.now()
    calls = list(
        VolunteerCall.objects.filter(status=VolunteerCall.Status.OPEN, opens_at__lte=now, closes_at__gt=now)
        .select_related("council", "council__region")
        .order_by("closes_at")[:HOME_CALLS]
    )
    if not calls:
        return None
    return HomeBlock("councils/_home_calls.html", {"open_calls": calls}, order=20)
