"""The registry's block on the home page (``Module.home``): the pilot regions."""

from __future__ import annotations

from django.http import HttpRequest

from core.modules import HomeBlock

from .models import Region


def pilot_regions(request: HttpRequest) -> HomeBlock | None:
    return HomeBlock(
        "stakeholders/_home_pilot_regions.html",
        {"pilot_regions": Region.objects.filter(is_pilot=True).order_by("name")},
        order=90,
    )
