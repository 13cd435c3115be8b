"""Blocks the councils app adds to other modules' pages (``Module.panels``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def plan_opinions(request, plan) -> str:
    """On a plan's page: the councils' opinions on its versions, with the
    answers to each recommendation ("you said, we did" for councils)."""
    opinions = selectors.opinions_on(plan)
    if not opinions:
        return ""
    return render_to_string("councils/panels/plan_opinions.html", {"opinions": opinions, "plan": plan}, request=request)
